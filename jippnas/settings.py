"""JIPPNas settings: every value that differs between machines comes from the environment.

Without any environment the portal runs on an embedded default (SQLite file, Celery eager,
local-memory cache) so that a newcomer can start it with one command. Production sets
DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS and DEBUG=false (see README).
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# A development key is only acceptable when DEBUG is on; production must set SECRET_KEY. Without
# one the settings still load, so that commands that sign nothing (makemigrations --check,
# collectstatic) run anywhere; Django refuses any read of the empty key, the web and worker
# processes read it as they start (jippnas/wsgi.py, jippnas/celery.py), and `check --deploy`
# fails (security.W009).
SECRET_KEY = env("SECRET_KEY", default="" if not DEBUG else "dev-insecure-key-only-for-local-runs")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "regions",
    "accounts",
    "innovations",
    "hubs",
    "competitions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jippnas.middleware.PortalLocaleMiddleware",
    # After the language is chosen (its answer is translated), before anything reads the path.
    "jippnas.middleware.RefuseNulCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "jippnas.urls"
WSGI_APPLICATION = "jippnas.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
# A catalogue search ranks its page on a second connection while the request counts the matches
# and their facets (innovations/selectors/side.py); off: one connection, one after the other.
SEARCH_READS_BESIDE = env.bool("SEARCH_READS_BESIDE", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="jippnas"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: with no Redis, tasks run in-process (eager), so the quick start needs one command.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or "cache+memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Jakarta"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE = {
    "campaign-reminders": {
        "task": "innovations.campaign_send_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # The open-data dump of the whole published catalogue, at night when the portal is quiet.
    "open-data-dump": {
        "task": "innovations.open_data_dump_build",
        "schedule": crontab(hour=1, minute=30),
    },
    # "Did you mean" words: rebuilt from the published titles and summaries (edited titles bring
    # new words; entries that left take theirs away, which is also done soon after they leave).
    "search-vocabulary-refresh": {
        "task": "innovations.search_vocabulary_refresh",
        "schedule": crontab(hour=2, minute=15),
    },
    # Synonym phrases not yet indexed (after a migration, or a job that failed); a no-op query
    # when there are none. Synonym edits also start the job at once.
    "search-phrases-index": {
        "task": "innovations.search_phrases_index",
        "schedule": crontab(minute="*/5"),
    },
}

# Data exchange: most entries per ingestion batch; an admin import of more rows than this runs
# as a Celery job with progress shown in the admin.
EXCHANGE_BATCH_MAX = 1000
EXCHANGE_IMPORT_ASYNC_ROWS = env.int("EXCHANGE_IMPORT_ASYNC_ROWS", default=5000)

# Update campaigns: reminder interval and count; the age after which a confirmation is stale.
CAMPAIGN_REMINDER_DAYS = env.int("CAMPAIGN_REMINDER_DAYS", default=7)
CAMPAIGN_REMINDER_MAX = env.int("CAMPAIGN_REMINDER_MAX", default=3)
CONTINUITY_STALE_MONTHS = env.int("CONTINUITY_STALE_MONTHS", default=24)

# Duplicates: how alike two titles of the same agency must be (0-1) to flag the pair for curators.
# PostgreSQL compares trigrams (pg_trgm similarity); SQLite falls back to difflib's ratio.
DUPLICATE_TITLE_SIMILARITY = env.float("DUPLICATE_TITLE_SIMILARITY", default=0.6)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Indonesian is the source language of every user-facing string; English is the translation.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploads: the limits the catalogue enforces on images and documents (bytes).
MAX_IMAGE_BYTES = env.int("MAX_IMAGE_BYTES", default=5 * 1024 * 1024)
MAX_DOCUMENT_BYTES = env.int("MAX_DOCUMENT_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
# The nightly open-data dump: its folder (empty: open-data/ under MEDIA_ROOT, resolved when used)
# and how many dumps are kept on disk (the newest is the one offered).
OPEN_DATA_ROOT = env("OPEN_DATA_ROOT", default="")
OPEN_DATA_KEEP = env.int("OPEN_DATA_KEEP", default=3)

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="JIPPNas <noreply@jippnas.go.id>")

LOGIN_URL = "admin:login"
# Reverting an entry to an old version would write an old status past the workflow.
SIMPLE_HISTORY_REVERT_DISABLED = True

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "jippnas.api.StandardPagination",
    "PAGE_SIZE": 20,
    # Partner keys (innovations.models.PartnerKey) or the admin session; anonymous reading is
    # allowed, a key must carry the read scope. Writes are the ingestion views' own affair.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "innovations.api.partners.PartnerKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["innovations.api.partners.ReadScope"],
    "DEFAULT_THROTTLE_CLASSES": ["innovations.api.partners.PartnerRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_RATE_ANON", default="120/minute"),
        "partner": env("API_RATE_PARTNER", default="1200/minute"),
    },
    # DRF's own parsers, with a JSON parser that refuses (400) what would fail later with a 500.
    "DEFAULT_PARSER_CLASSES": [
        "jippnas.api.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "EXCEPTION_HANDLER": "jippnas.api.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "JIPPNas API",
    "DESCRIPTION": (
        "API of the national catalogue of public-service innovations "
        "(Jaringan Inovasi Pelayanan Publik Nasional). Reading serves published entries only; "
        "partner agencies write their own source's entries under /ingest/ with an API key."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # Several models have a field named `kind`; give each enum its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "RegencyKindEnum": "regions.models.Regency.Kind",
        "AgencyKindEnum": "regions.models.Agency.Kind",
        "MediaKindEnum": "innovations.models.InnovationMedia.Kind",
        "InnovationKindEnum": "innovations.models.Innovation.Kind",
        "CompetitionLevelEnum": "competitions.models.Competition.Level",
        "RecognitionLevelEnum": "innovations.models.Recognition.Level",
    },
}

# Production hardening: on when DEBUG is off, so `check --deploy` is clean with production env vars.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
