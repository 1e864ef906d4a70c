import logging
import subprocess
import time
import urllib.request

import pytest

from .conftest import PROJECT_DIR, PYTHON, json_lines


def test_each_request_is_logged_with_method_path_status_and_duration(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="hub.requests"):
        client.get("/healthz")
        client.get("/en/no-such-page/")

    records = [record for record in caplog.records if record.name == "hub.requests"]
    assert [(r.method, r.path, r.status) for r in records] == [
        ("GET", "/healthz", 200),
        ("GET", "/en/no-such-page/", 404),
    ]
    assert records[0].getMessage() == "GET /healthz 200"
    assert all(isinstance(r.duration_ms, float) and r.duration_ms >= 0 for r in records)


@pytest.fixture
def gunicorn(process_env, closed_port):
    """A real gunicorn serving the hub with its production configuration, on a free port."""
    process_env["GUNICORN_BIND"] = f"127.0.0.1:{closed_port}"
    process_env["WEB_CONCURRENCY"] = "1"
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "--config", "python:hub.gunicorn_config", "hub.wsgi"],
        cwd=PROJECT_DIR,
        env=process_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{closed_port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"gunicorn did not start:\n{server.communicate()[0]}")
            time.sleep(0.2)
    yield server, url
    if server.poll() is None:
        server.terminate()
        server.wait(timeout=10)


def test_gunicorn_writes_json_lines_for_itself_and_each_request(gunicorn):
    server, url = gunicorn

    urllib.request.urlopen(f"{url}/healthz?probe=1", timeout=5)
    server.terminate()
    output = server.communicate(timeout=10)[0]

    lines = json_lines(output)
    requests = [line for line in lines if line["logger"] == "hub.requests"]
    assert {"time", "level", "logger", "message", "process"} <= set(requests[-1])
    assert requests[-1]["method"] == "GET"
    assert requests[-1]["path"] == "/healthz"
    assert requests[-1]["status"] == 200
    assert requests[-1]["duration_ms"] >= 0
    assert any(line["logger"] == "gunicorn.error" and "Booting worker" in line["message"] for line in lines)
    assert [line for line in output.splitlines() if line.strip() and not line.startswith("{")] == []
