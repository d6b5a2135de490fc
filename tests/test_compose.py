"""The production stack as files: docker-compose.yml, Dockerfile and .env.example agree with the
settings. No Docker engine runs on the development or CI machines, so nothing here starts a
container; `docker compose config` (or Debian's `docker-compose`) validates the file when present.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ("web", "worker", "beat")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_stack_has_web_worker_beat_postgres_and_redis(compose):
    services = compose["services"]
    assert set(services) == {"web", "worker", "beat", "db", "redis"}
    assert "gunicorn jippnas.wsgi:application" in services["web"]["command"]
    assert "migrate --noinput" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A jippnas worker")
    assert services["beat"]["command"].startswith("celery -A jippnas beat")
    assert services["db"]["image"] == "postgres:16"
    assert services["redis"]["image"] == "redis:7"


def test_database_and_broker_have_healthchecks_the_app_waits_for(compose):
    services = compose["services"]
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert "ping" in services["redis"]["healthcheck"]["test"]
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    for name in APP_SERVICES:
        depends = services[name]["depends_on"]
        assert depends["db"]["condition"] == "service_healthy", name
        assert depends["redis"]["condition"] == "service_healthy", name


def test_app_services_share_one_image_configured_from_env_file(compose):
    services = compose["services"]
    for name in APP_SERVICES:
        service = services[name]
        assert service["image"] == services["web"]["image"]
        assert service["env_file"] == ".env"
        assert service["environment"]["DATABASE_URL"].startswith("postgres://")
        assert service["environment"]["DATABASE_URL"].endswith("@db:5432/jippnas")
        assert service["environment"]["REDIS_URL"].startswith("redis://redis:6379/")
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]


def test_env_example_names_only_variables_the_settings_read():
    settings_source = (ROOT / "jippnas" / "settings.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z0-9_]+)"', settings_source))
    example = (ROOT / ".env.example").read_text()
    named = set(re.findall(r"^([A-Z0-9_]+)=", example, flags=re.MULTILINE))
    # POSTGRES_PASSWORD is the compose file's: it builds DATABASE_URL and the db service's user.
    assert named - read == {"POSTGRES_PASSWORD"}
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"} <= named
    assert re.search(r"^DEBUG=false$", example, flags=re.MULTILINE)


def test_image_installs_the_hashed_lock_and_runs_as_a_non_root_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    assert "pip install --require-hashes -r requirements.lock" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    users = re.findall(r"^USER (\S+)$", dockerfile, flags=re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", ".venv", "db.sqlite3"} <= set(ignored)


def compose_command() -> list[str] | None:
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def test_docker_compose_config_validates_the_file(tmp_path):
    command = compose_command()
    if command is None:
        pytest.skip(
            "neither `docker compose` nor `docker-compose` is installed (.ci/run installs it)"
        )
    for name in ("docker-compose.yml", ".env.example"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / ".env").write_text((ROOT / ".env.example").read_text())
    result = subprocess.run(
        [*command, "config", "-q"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
