"""A content type that lives outside practices/ (Note), to prove the kernel serves any app's Content subclass.

Installed by hub/settings/test.py only. Its URLs are opt-in: tests mark themselves
@pytest.mark.urls("tests.contentapp.root_urls") (the hub's URLconf plus the Note pages and API).
It carries a migration because run_syncdb creates unmigrated apps' tables before the migrated
ones they reference (municipalities_organization), which fails on PostgreSQL.
"""
