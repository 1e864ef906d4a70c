import subprocess
import uuid

import pytest

from hub.celery import app, ping

from .conftest import PROJECT_DIR, PYTHON, json_lines

pytestmark = pytest.mark.broker


@pytest.fixture
def worker(process_env, broker_url):
    """A real Celery worker on its own queue, so a round-trip never meets another test run's worker."""
    queue = f"hub-test-{uuid.uuid4().hex}"
    process_env["CELERY_BROKER_URL"] = broker_url
    command = [PYTHON, "-m", "celery", "-A", "hub", "worker", "--pool=solo", "--loglevel=INFO"]
    command += ["--queues", queue, "--hostname", f"{queue}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    process = subprocess.Popen(
        command,
        cwd=PROJECT_DIR,
        env=process_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield process, queue
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def through_the_broker():
    """Test settings run tasks eagerly; this test must send them to Redis."""
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


def test_ping_round_trips_through_redis_to_a_real_worker(worker, broker_url, through_the_broker):
    process, queue = worker
    assert app.conf.broker_url == broker_url

    token = uuid.uuid4().hex
    result = ping.apply_async(args=[token], queue=queue)

    # The test process is no worker, but eager tasks of earlier tests can leave Celery believing it runs
    # inside one; the deadlock guard that belief triggers does not apply to a test waiting on a real worker.
    assert result.get(timeout=60, disable_sync_subtasks=False) == f"pong:{token}"
    process.terminate()
    output = process.communicate(timeout=30)[0]
    task_lines = [line for line in json_lines(output) if result.id in line["message"]]
    assert any("succeeded" in line["message"] for line in task_lines), output
