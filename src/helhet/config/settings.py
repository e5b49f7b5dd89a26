"""Helhet settings, read from the environment. Production overrides live in `production.py`."""

from pathlib import Path

import dj_database_url

from helhet.config.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = Path(env_str("HELHET_DATA_DIR", str(PROJECT_DIR / "data")))

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = env_str("SECRET_KEY", "helhet-development-only-key-not-for-production-use-0123456789")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "helhet.core",
    "helhet.organisation",
    "helhet.access",
    "helhet.people",
    "helhet.catalogue",
    "helhet.intake",
    "helhet.casework",
    "helhet.care",
    "helhet.home",
    "helhet.insight",
    "helhet.portal",
    "helhet.api",
    "helhet.demo",
]

MIDDLEWARE = [
    "helhet.config.observability.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "helhet.core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "helhet.config.urls"
WSGI_APPLICATION = "helhet.config.wsgi.application"
AUTH_USER_MODEL = "core.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "helhet.access.context_processors.role_and_navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'helhet.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": env_str("HELHET_TEST_SQLITE", "") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2id at the OWASP Password Storage Cheat Sheet's first recommendation (m=19 MiB, t=2, p=1) instead of
# Django's default (m=100 MiB, t=2, p=8), so 30 logins at once fit a 2-core server; hashes made with the
# old parameters still verify and are re-hashed with these at the next login (Django's must_update).
PASSWORD_HASHERS = [
    "helhet.core.hashers.HelhetArgon2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(PROJECT_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request without it
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Helhet's own settings.
HELHET_PAGE_SIZE = env_int("HELHET_PAGE_SIZE", 25)
# Synthetic national ID numbers (month + 80, as in Skatteetaten's test data) are accepted for
# demo and test data; a production register holds only real numbers.
HELHET_ALLOW_SYNTHETIC_IDS = env_bool("HELHET_ALLOW_SYNTHETIC_IDS", default=True)
HELHET_DEMO_PASSWORD = env_str("HELHET_DEMO_PASSWORD", "demo-helhet-2026")
# The municipality whose services /tjenester/ shows (kommunenummer); empty: the only one, or a choice.
HELHET_PUBLIC_MUNICIPALITY = env_str("HELHET_PUBLIC_MUNICIPALITY", "")

# Background jobs (django-tasks with django-tasks-db's database queue; `helhet db_worker` runs them).
# HELHET_TASKS_BACKEND=immediate runs each job at once in the enqueuing process (development without a worker).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
HELHET_TASKS_BACKEND = env_str("HELHET_TASKS_BACKEND", "database")
if HELHET_TASKS_BACKEND not in TASK_BACKENDS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"HELHET_TASKS_BACKEND must be database or immediate, got {HELHET_TASKS_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[HELHET_TASKS_BACKEND], "QUEUES": ["default"]}}
# Jobs a timer enqueues by name (`helhet enqueue_job NAME`; deploy/helhet-jobs@.timer runs them daily).
HELHET_SCHEDULED_JOBS = {
    "deadline-reminders": "helhet.casework.tasks.deadline_reminders",
    "prune-exports": "helhet.core.tasks.prune_exports",
}
# Finished exports (a file made by a background job) are kept this many hours, then pruned.
HELHET_EXPORT_HOURS = env_int("HELHET_EXPORT_HOURS", 24)

# Logs: plain lines for development, one JSON object a line in production (HELHET_LOG_FORMAT=json).
# Request lines carry method, route pattern (never the raw path or the query string), status, duration and
# the user's id; no names, national ID numbers or other personal data are logged anywhere.
HELHET_LOG_FORMAT = env_str("HELHET_LOG_FORMAT", "plain")
if HELHET_LOG_FORMAT not in ("plain", "json"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"HELHET_LOG_FORMAT must be plain or json, got {HELHET_LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": HELHET_LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # helhet.request writes the one line per request; Django's own request and server loggers would
        # repeat it with the raw path (which may carry a query string), so they pass on only server errors
        # (django.request, with the path only) and runserver's lines not at all.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "CRITICAL"},
        "django.security": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
