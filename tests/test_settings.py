"""Settings come from the environment: production values pass Django's deploy check, a missing
secret stops start-up, and the quick start needs no environment at all.

Each case loads the settings in a fresh interpreter, because settings are read once per process.
"""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Every variable settings.py reads; the parent's values (CI sets DATABASE_URL, REDIS_URL,
# SECRET_KEY) must not decide what a case proves.
SETTINGS_VARIABLES = set(
    re.findall(r'env(?:\.\w+)?\(\s*"([A-Z0-9_]+)"', (ROOT / "jippnas" / "settings.py").read_text())
)

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "jippnas.go.id,www.jippnas.go.id",
    "CSRF_TRUSTED_ORIGINS": "https://jippnas.go.id",
    "DATABASE_URL": "postgres://jippnas:secret@127.0.0.1:5432/jippnas",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def run_with(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """Run a Python snippet or manage.py with exactly the given settings variables."""
    # DJANGO_ALLOW_ASYNC_UNSAFE is the browser tests' own (tests/browser.py); a deployment never
    # sets it, and the deploy check rightly refuses it.
    harness_only = {"DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {
        k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES and k not in harness_only
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="jippnas.settings")
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def loaded_settings(env: dict[str, str], *names: str) -> dict:
    snippet = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    result = run_with(env, "-c", snippet)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_environment_passes_the_deploy_check_without_warnings():
    result = run_with(PRODUCTION, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_when_production_turns_https_off():
    # Proves the check above would catch a weakened production configuration.
    weakened = {**PRODUCTION, "SECURE_SSL_REDIRECT": "false", "SESSION_COOKIE_SECURE": "false"}
    result = run_with(weakened, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W008" in result.stderr and "security.W012" in result.stderr


@pytest.mark.parametrize("debug", ["", "false", "0"])
def test_web_process_refuses_to_start_without_secret_key_when_debug_is_off(debug):
    # An empty SECRET_KEY also beats one in a developer's .env, which never overwrites the
    # environment.
    env = {**PRODUCTION, "SECRET_KEY": "", "DEBUG": debug}
    result = run_with(env, "-c", "import jippnas.wsgi")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr
    deploy = run_with(env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert deploy.returncode != 0
    assert "security.W009" in deploy.stderr


def test_commands_that_sign_nothing_run_without_secret_key():
    env = {**PRODUCTION, "SECRET_KEY": "", "DEBUG": ""}
    result = run_with(env, "manage.py", "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_quick_start_needs_no_environment_sqlite_eager_celery_and_local_memory_cache():
    loaded = loaded_settings(
        {"DEBUG": "1"}, "DATABASES", "CACHES", "CELERY_TASK_ALWAYS_EAGER", "CELERY_BROKER_URL"
    )
    assert loaded["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert loaded["DATABASES"]["default"]["NAME"] == str(ROOT / "db.sqlite3")
    assert loaded["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert loaded["CELERY_TASK_ALWAYS_EAGER"] is True
    assert loaded["CELERY_BROKER_URL"] == "memory://"


def test_redis_url_sends_tasks_to_the_broker_and_caches_in_redis():
    loaded = loaded_settings(
        PRODUCTION,
        "DATABASES",
        "CACHES",
        "CELERY_TASK_ALWAYS_EAGER",
        "CELERY_BROKER_URL",
        "CELERY_RESULT_BACKEND",
    )
    assert loaded["DATABASES"]["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert loaded["CACHES"]["default"]["BACKEND"].endswith("RedisCache")
    assert loaded["CACHES"]["default"]["LOCATION"] == PRODUCTION["REDIS_URL"]
    assert loaded["CELERY_TASK_ALWAYS_EAGER"] is False
    assert loaded["CELERY_BROKER_URL"] == PRODUCTION["REDIS_URL"]
    assert loaded["CELERY_RESULT_BACKEND"] == PRODUCTION["REDIS_URL"]


def test_every_environment_variable_is_documented_in_the_readme():
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "LOG_LEVEL"} <= SETTINGS_VARIABLES
    readme = (ROOT / "README.md").read_text()
    undocumented = sorted(name for name in SETTINGS_VARIABLES if f"`{name}`" not in readme)
    assert not undocumented, f"README.md's configuration table lacks {undocumented}"


def test_web_process_sets_its_start_up_heap_aside_from_garbage_collection():
    # jippnas/wsgi.py: full collections walked the whole loaded project every ~25 requests.
    snippet = (
        "import gc, sys; import jippnas.wsgi as w; "
        "print(gc.get_freeze_count(), gc.get_threshold() == w.REQUEST_GC_THRESHOLDS, "
        "'innovations.api.views' in sys.modules)"
    )
    result = run_with(PRODUCTION, "-c", snippet)
    assert result.returncode == 0, result.stderr
    frozen, thresholds_set, views_loaded = result.stdout.split()
    assert int(frozen) > 10_000
    assert thresholds_set == "True" and views_loaded == "True"
