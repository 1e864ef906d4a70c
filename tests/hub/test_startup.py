import subprocess

from .conftest import PROJECT_DIR, PYTHON


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=60
    )


def test_malformed_database_url_stops_runserver_with_one_line(process_env):
    process_env["DATABASE_URL"] = "nonsense://x"

    result = manage("runserver", "127.0.0.1:0", "--noreload", env=process_env)

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Configuration error: DATABASE_URL 'nonsense://x' names an unsupported database; the hub runs on "
        "PostgreSQL or SQLite: postgres://user:password@host:5432/name or sqlite:////absolute/path/to/file.sqlite3.\n"
    )


def test_invalid_port_is_reported_without_the_password(process_env):
    process_env["DATABASE_URL"] = "postgres://hub:s3cret@db:notaport/hub"

    result = manage("migrate", env=process_env)

    assert result.returncode == 2
    assert result.stderr == (
        "Configuration error: DATABASE_URL 'postgres://***@db:notaport/hub' is not a valid database URL "
        "(Port could not be cast to integer value as 'notaport'); expected postgres://user:password@host:5432/name "
        "or sqlite:////absolute/path/to/file.sqlite3.\n"
    )


def test_unreachable_postgres_stops_runserver_with_one_line(process_env, closed_port):
    process_env["DATABASE_URL"] = f"postgres://hub:s3cret@127.0.0.1:{closed_port}/hub"

    result = manage("runserver", "127.0.0.1:0", "--noreload", env=process_env)

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"Database unreachable (postgresql at 127.0.0.1:{closed_port}): ")
    assert "Connection refused" in result.stderr
    assert "s3cret" not in result.stderr


def test_commands_that_need_no_database_still_run_without_one(process_env, closed_port):
    process_env["DATABASE_URL"] = f"postgres://hub:s3cret@127.0.0.1:{closed_port}/hub"

    result = manage("check", env=process_env)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
