"""Demo people: an administrator who can see everything, printed once by seed_demo."""

import secrets

from allauth.account.models import EmailAddress
from django.db import transaction

from .models import Membership, Organization, User

DEMO_ADMIN_EMAIL = "admin@demo.hub.ge"


@transaction.atomic
def seed_people() -> tuple[str, str]:
    """Create or reset the demo administrator; returns its e-mail and a fresh password."""
    password = secrets.token_urlsafe(12)
    admin, _ = User.objects.get_or_create(email=DEMO_ADMIN_EMAIL, defaults={"full_name": "Demo Administrator"})
    admin.is_staff = admin.is_superuser = True
    admin.set_password(password)
    admin.save()
    EmailAddress.objects.update_or_create(user=admin, email=admin.email, defaults={"verified": True, "primary": True})
    nala = Organization.objects.get(slug="nala")
    Membership.objects.update_or_create(user=admin, organization=nala, defaults={"role": Membership.Role.ADMIN})
    return admin.email, password


@transaction.atomic
def seed_contacts() -> int:
    """Invented contact details for the demo's organizations (never real ones), where none are set yet.

    Organization pages show how to reach an organization; the reference data carries no contacts.
    """
    filled = 0
    for number, organization in enumerate(Organization.objects.filter(contact_email="").order_by("slug"), start=1):
        organization.contact_email = f"info@{organization.slug}.demo.hub.ge"
        organization.website = organization.website or f"https://{organization.slug}.demo.hub.ge"
        organization.contact_phone = organization.contact_phone or f"+995 32 2{number:02d} 00 00"
        organization.save(update_fields=["contact_email", "website", "contact_phone", "updated_at"])
        filled += 1
    return filled
