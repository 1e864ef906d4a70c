"""A real WordPress on 127.0.0.1 for the connector's tests (scripts/wordpress-fixture does the WordPress side).

`wordpress_site` (once per session): a fresh site in its own MariaDB database, served by
`php -S 127.0.0.1:<free port>`, stopped and dropped afterwards. `wordpress` (each test):
the same site with its posts seeded again, `ids` naming them. Under CI=true a machine
without WordPress fails the tests (bash .ci/run sets it up); elsewhere they skip, with the reason.
"""

import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.hub.real_services import missing_real_service

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "wordpress-fixture"
START_TIMEOUT = 15


@dataclass
class WordPress:
    url: str
    database: str
    ids: dict = field(default_factory=dict)
    bring_up_seconds: float = 0.0

    def run(self, *args: str) -> dict:
        finished = subprocess.run(
            ["bash", str(SCRIPT), args[0], self.database, *args[1:]], check=False, capture_output=True, text=True, timeout=60
        )
        if finished.returncode:
            raise RuntimeError(f"wordpress-fixture {args[0]} failed: {finished.stderr.strip() or finished.stdout.strip()}")
        lines = finished.stdout.strip().splitlines()
        return json.loads(lines[-1]) if lines else {}

    def seed(self) -> dict:
        self.ids = self.run("seed")
        return self.ids

    def edit(self, post_id: int, title: str, content: str | None = None) -> dict:
        return self.run("edit", str(post_id), title, *([content] if content is not None else []))

    def delete(self, post_id: int, *, trash: bool = False) -> dict:
        return self.run("delete", str(post_id), *(["--trash"] if trash else []))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_serving(url: str, server: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"php -S exited with {server.returncode}: {log.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}wp-json/", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"WordPress did not answer on {url} within {START_TIMEOUT} s")


@pytest.fixture(scope="session")
def wordpress_site():
    if subprocess.run(["bash", str(SCRIPT), "check"], check=False, capture_output=True).returncode:
        missing_real_service(
            "WordPress is not set up on this machine: run `bash scripts/wordpress-fixture setup` "
            "(Debian's wordpress, php-cli and php-mysql, MariaDB on 127.0.0.1:3306)."
        )
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    site = WordPress(url="", database=f"hub_wp_test_{os.getpid()}{worker}")
    started = time.monotonic()
    subprocess.run(["bash", str(SCRIPT), "prune"], check=False, capture_output=True, timeout=30)
    site.run("install")
    port = _free_port()
    site.url = f"http://127.0.0.1:{port}/"
    # PHP's server logs every request on stderr: a file, never a pipe nobody reads (it would fill and block).
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            ["bash", str(SCRIPT), "serve", site.database, str(port)],
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )
        try:
            _wait_until_serving(site.url, server, log)
            site.bring_up_seconds = time.monotonic() - started
            yield site
        finally:
            server.terminate()
            try:
                server.wait(timeout=5)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            site.run("drop")


@pytest.fixture
def wordpress(wordpress_site) -> WordPress:
    wordpress_site.seed()
    return wordpress_site
