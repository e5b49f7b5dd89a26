"""Helhet settings, read from the environment. Production overrides live in `production.py`."""

import datetime
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from helhet.config.env import env_bool, env_int, env_list, env_str, origin_of

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
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "helhet.core",
    "helhet.organisation",
    "helhet.access",
    "helhet.inbox",
    "helhet.people",
    "helhet.catalogue",
    "helhet.intake",
    "helhet.casework",
    "helhet.care",
    "helhet.orgmeetings",
    "helhet.home",
    "helhet.insight",
    "helhet.portal",
    "helhet.api",
    "helhet.demo",
]

MIDDLEWARE = [
    "helhet.config.observability.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files answered here, already compressed
    # Compresses the pages (a team's work list is ~10 times smaller); after WhiteNoise and before every
    # middleware that reads or writes the body. Django pads each compressed body at random (BREACH).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "helhet.access.middleware.IdleTimeoutMiddleware",
    "helhet.access.middleware.SecondFactorMiddleware",
    "helhet.access.middleware.CitizenBoundaryMiddleware",
    "helhet.portal.language.CitizenWrittenFormMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "helhet.core.guards.RejectNulMiddleware",
    "helhet.core.middleware.SecurityHeadersMiddleware",
    "helhet.access.shown.AccessLogMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
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
                "helhet.portal.context_processors.public_face",
                "helhet.inbox.context_processors.inbox",
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
    {"NAME": "helhet.access.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# django-axes checks lockout before the password is tried; ModelBackend checks the password; single
# sign-on for staff when HELHET_OIDC_* is set (helhet.access.sso) answers only the OIDC callback.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "helhet.access.sso.StaffOIDCBackend",
    "helhet.access.citizen.CitizenBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Login lockout (django-axes): HELHET_LOGIN_FAILURE_LIMIT failed logins (passwords or one-time codes) lock
# the username, and the username from that address, for the cool-off period. A client address alone is
# locked only after HELHET_LOGIN_ADDRESS_FAILURE_LIMIT failures against any usernames within the cool-off
# (helhet.access.lockout_handler), so a whole office behind one address is not locked out by one user.
# AccessAttempt and AccessFailureLog are the record; logs carry only keyed hashes (helhet.access.login).
AXES_FAILURE_LIMIT = env_int("HELHET_LOGIN_FAILURE_LIMIT", 5)
HELHET_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("HELHET_LOGIN_ADDRESS_FAILURE_LIMIT", 50)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("HELHET_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
AXES_HANDLER = "helhet.access.lockout_handler.HelhetLockoutHandler"
AXES_LOCKOUT_CALLABLE = "helhet.access.login.lockout_response"
AXES_CLIENT_STR_CALLABLE = "helhet.access.login.client_str"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False
# The attempt record keeps the form fields; never the one-time code (the password is never kept).
AXES_SENSITIVE_PARAMETERS = ["token", "csrfmiddlewaretoken"]
# The client address is REMOTE_ADDR unless proxies are configured: with HELHET_PROXY_COUNT proxies in
# front of Helhet, each appending the address it saw to X-Forwarded-For, the client is the entry that
# many from the right (what a client writes itself further left is never believed).
HELHET_PROXY_COUNT = env_int("HELHET_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "helhet.access.login.client_ip"

# Second factor (django-otp, TOTP) for password logins: required for every role that reads person-level
# health and welfare data (Normen's strong authentication; GDPR art. 32), optional for the analyst, who
# sees aggregates only.
HELHET_MFA_REQUIRED_ROLES = env_list(
    "HELHET_MFA_REQUIRED_ROLES",
    ["resepsjon", "saksbehandler", "tjenesteyter", "leder", "koordinator", "admin"],
)
# The login backends whose logins need the second factor (staff single sign-on too unless
# HELHET_OIDC_REQUIRED_ACR/AMR is set: access.mfa.helhet_asks_for_it).
HELHET_MFA_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
OTP_TOTP_ISSUER = env_str("HELHET_TOTP_ISSUER", "Helhet")

# Idle timeout: logged out after this many minutes without a request; the session never outlives
# SESSION_COOKIE_AGE from login however active it is.
HELHET_IDLE_TIMEOUT_MINUTES = env_int("HELHET_IDLE_TIMEOUT_MINUTES", 30)

# Bad API bearer tokens: after this many from one address within the window, 429 until it ends.
HELHET_API_BAD_TOKEN_LIMIT = env_int("HELHET_API_BAD_TOKEN_LIMIT", 20)
HELHET_API_BAD_TOKEN_WINDOW_MINUTES = env_int("HELHET_API_BAD_TOKEN_WINDOW_MINUTES", 15)
# The per-process memory cache is enough for one server process; several processes each count
# on their own (use a shared cache such as Redis or the database cache there).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "helhet"}}

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk")]
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
# The citizens' development login: any fødselsnummer in the register, typed, without proof. For the demo and
# tests only; helhet.config.production refuses it.
HELHET_CITIZEN_DEV_LOGIN = env_bool("HELHET_CITIZEN_DEV_LOGIN", default=DEBUG)
# Attachments to a citizen's application (PDF, JPEG or PNG, told by their bytes): how many, how large each.
HELHET_ATTACHMENT_MAX_FILES = env_int("HELHET_ATTACHMENT_MAX_FILES", 5)
HELHET_ATTACHMENT_MAX_BYTES = env_int("HELHET_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
# The municipality whose services /tjenester/ shows (kommunenummer); empty: the only one, or a choice.
HELHET_PUBLIC_MUNICIPALITY = env_str("HELHET_PUBLIC_MUNICIPALITY", "")
# The key of the access log's hash chain (HMAC-SHA256). Empty: a development key, which
# `check --deploy` warns about and production refuses; never change it once rows are written
# (verify-access-log needs it).
HELHET_ACCESS_LOG_KEY = env_str("HELHET_ACCESS_LOG_KEY", "")
# How long an emergency access (nødtilgang) lasts.
HELHET_EMERGENCY_ACCESS_HOURS = env_int("HELHET_EMERGENCY_ACCESS_HOURS", 4)
# How long an API Idempotency-Key holds its first answer (helhet.api.idempotency).
HELHET_IDEMPOTENCY_HOURS = env_int("HELHET_IDEMPOTENCY_HOURS", 24)

# Single sign-on for staff with OpenID Connect against the municipality's identity provider (Entra ID,
# Keycloak, ...). Off unless issuer, client id and client secret are all set; then the login page offers
# «Logg inn med kommunens pålogging». Endpoints come from the issuer's discovery document unless given.
HELHET_OIDC_ISSUER = env_str("HELHET_OIDC_ISSUER", "")
HELHET_OIDC_CLIENT_ID = env_str("HELHET_OIDC_CLIENT_ID", "")
HELHET_OIDC_CLIENT_SECRET = env_str("HELHET_OIDC_CLIENT_SECRET", "")
_oidc_parts = [HELHET_OIDC_ISSUER, HELHET_OIDC_CLIENT_ID, HELHET_OIDC_CLIENT_SECRET]
if any(_oidc_parts) and not all(_oidc_parts):
    raise ImproperlyConfigured(
        "Single sign-on needs all of HELHET_OIDC_ISSUER, HELHET_OIDC_CLIENT_ID and HELHET_OIDC_CLIENT_SECRET"
    )
HELHET_OIDC_SCOPES = env_str("HELHET_OIDC_SCOPES", "openid email profile")
# How strongly the identity provider must have authenticated the user (its ID token's claims): with
# HELHET_OIDC_REQUIRED_ACR set, the token's `acr` must be one of these values; with HELHET_OIDC_REQUIRED_AMR
# set, its `amr` must name at least one of these methods (e.g. "mfa"). Empty: not checked.
HELHET_OIDC_REQUIRED_ACR = env_list("HELHET_OIDC_REQUIRED_ACR", [])
HELHET_OIDC_REQUIRED_AMR = env_list("HELHET_OIDC_REQUIRED_AMR", [])
# On a user's first SSO login this claim is matched to the user's e-mail (or username); the provider's
# subject is then stored, and later logins match on it alone.
HELHET_OIDC_MATCH_CLAIM = env_str("HELHET_OIDC_MATCH_CLAIM", "email")
HELHET_OIDC_MATCH_FIELD = env_str(
    "HELHET_OIDC_MATCH_FIELD", "email" if HELHET_OIDC_MATCH_CLAIM == "email" else "username"
)
if HELHET_OIDC_MATCH_FIELD not in ("email", "username"):
    raise ImproperlyConfigured("HELHET_OIDC_MATCH_FIELD must be 'email' or 'username'")
# How the client authenticates at the token endpoint: client_secret_basic ("basic") or client_secret_post.
HELHET_OIDC_TOKEN_AUTH = env_str("HELHET_OIDC_TOKEN_AUTH", "basic")
if HELHET_OIDC_TOKEN_AUTH not in ("basic", "post"):
    raise ImproperlyConfigured("HELHET_OIDC_TOKEN_AUTH must be 'basic' or 'post'")
# Explicit endpoints, for a provider without discovery (each overrides the discovered one).
HELHET_OIDC_AUTHORIZATION_ENDPOINT = env_str("HELHET_OIDC_AUTHORIZATION_ENDPOINT", "")
HELHET_OIDC_TOKEN_ENDPOINT = env_str("HELHET_OIDC_TOKEN_ENDPOINT", "")
HELHET_OIDC_USERINFO_ENDPOINT = env_str("HELHET_OIDC_USERINFO_ENDPOINT", "")
HELHET_OIDC_JWKS_URI = env_str("HELHET_OIDC_JWKS_URI", "")
HELHET_OIDC_END_SESSION_ENDPOINT = env_str("HELHET_OIDC_END_SESSION_ENDPOINT", "")

# Citizens' login with ID-porten (OpenID Connect, helhet.access.idporten). Off unless issuer, client id and
# client secret are all set; then the citizens' login page offers «Logg inn med ID-porten». The ID token's
# `acr` must be one of HELHET_IDPORTEN_ACR; the authorization request asks for the lowest of them.
HELHET_IDPORTEN_ISSUER = env_str("HELHET_IDPORTEN_ISSUER", "")
HELHET_IDPORTEN_CLIENT_ID = env_str("HELHET_IDPORTEN_CLIENT_ID", "")
HELHET_IDPORTEN_CLIENT_SECRET = env_str("HELHET_IDPORTEN_CLIENT_SECRET", "")
_idporten_parts = [HELHET_IDPORTEN_ISSUER, HELHET_IDPORTEN_CLIENT_ID, HELHET_IDPORTEN_CLIENT_SECRET]
if any(_idporten_parts) and not all(_idporten_parts):
    raise ImproperlyConfigured(
        "The ID-porten login needs all of HELHET_IDPORTEN_ISSUER, HELHET_IDPORTEN_CLIENT_ID and "
        "HELHET_IDPORTEN_CLIENT_SECRET"
    )
HELHET_IDPORTEN_ACR = env_list("HELHET_IDPORTEN_ACR", ["idporten-loa-substantial", "idporten-loa-high"])
if not HELHET_IDPORTEN_ACR:
    raise ImproperlyConfigured("HELHET_IDPORTEN_ACR must name at least one accepted level")
HELHET_IDPORTEN_SCOPES = env_str("HELHET_IDPORTEN_SCOPES", "openid profile")
HELHET_IDPORTEN_TOKEN_AUTH = env_str("HELHET_IDPORTEN_TOKEN_AUTH", "basic")
if HELHET_IDPORTEN_TOKEN_AUTH not in ("basic", "post"):
    raise ImproperlyConfigured("HELHET_IDPORTEN_TOKEN_AUTH must be 'basic' or 'post'")
# Explicit endpoints (each overrides the one in the issuer's discovery document).
HELHET_IDPORTEN_AUTHORIZATION_ENDPOINT = env_str("HELHET_IDPORTEN_AUTHORIZATION_ENDPOINT", "")
HELHET_IDPORTEN_TOKEN_ENDPOINT = env_str("HELHET_IDPORTEN_TOKEN_ENDPOINT", "")
HELHET_IDPORTEN_JWKS_URI = env_str("HELHET_IDPORTEN_JWKS_URI", "")
HELHET_IDPORTEN_END_SESSION_ENDPOINT = env_str("HELHET_IDPORTEN_END_SESSION_ENDPOINT", "")

# Logging out posts a form that redirects to the provider's end-session endpoint: the CSP's form-action
# must allow the provider's origin (core.middleware adds these).
HELHET_CSP_FORM_ACTION_EXTRA = sorted(
    {
        origin_of(url)
        for url in (HELHET_OIDC_ISSUER, HELHET_OIDC_END_SESSION_ENDPOINT)
        if url and all(_oidc_parts)
    }
    | {
        origin_of(url)
        for url in (HELHET_IDPORTEN_ISSUER, HELHET_IDPORTEN_END_SESSION_ENDPOINT)
        if url and all(_idporten_parts)
    }
)

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
    "inbox-escalate": "helhet.inbox.tasks.inbox_escalate",
    "plan-reviews-due": "helhet.care.tasks.plan_reviews_due",
    "meetings-ahead": "helhet.orgmeetings.tasks.meetings_ahead",
    "pending-imports-purge": "helhet.organisation.tasks.pending_imports_purge_job",
    "letters-dispatch": "helhet.casework.tasks.letters_dispatch",
    "letter-receipts": "helhet.casework.tasks.letter_receipts",
    # Nightly (deploy/helhet-job-nightly@.timer): every chain walked; the job fails on a break.
    "verify-access-log": "helhet.access.tasks.verify_access_log",
}
# Where sent letters leave Helhet (digital post or print): a dotted path to an Outbox (helhet.casework.outbox).
# The default writes each letter and its envelope under HELHET_OUTBOX_DIR (default DATA_DIR/outbox).
HELHET_OUTBOX = env_str("HELHET_OUTBOX", "helhet.casework.outbox.LocalFileOutbox")
HELHET_OUTBOX_DIR = env_str("HELHET_OUTBOX_DIR", str(DATA_DIR / "outbox"))
# A delivery that failed this many times is given up: digital post then goes by paper, and the owner is told.
HELHET_DELIVERY_MAX_ATTEMPTS = env_int("HELHET_DELIVERY_MAX_ATTEMPTS", 5)
# An inbox item nobody took within this many hours of workdays rises to the unit's leader.
HELHET_INBOX_ESCALATE_HOURS = env_int("HELHET_INBOX_ESCALATE_HOURS", 8)
# An urgent («haster») item, such as an urgent forwarded inquiry, rises after this many working hours.
HELHET_INBOX_ESCALATE_URGENT_HOURS = env_int("HELHET_INBOX_ESCALATE_URGENT_HOURS", 2)
# Finished exports (a file made by a background job) are kept this many hours, then pruned.
HELHET_EXPORT_HOURS = env_int("HELHET_EXPORT_HOURS", 24)

# Logs: plain lines for development, one JSON object a line in production (HELHET_LOG_FORMAT=json).
# Request lines carry method, route pattern (never the raw path or the query string), status, duration and
# the user's id; no names, national ID numbers or other personal data are logged anywhere.
HELHET_LOG_FORMAT = env_str("HELHET_LOG_FORMAT", "plain")
if HELHET_LOG_FORMAT not in ("plain", "json"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"HELHET_LOG_FORMAT must be plain or json, got {HELHET_LOG_FORMAT!r}")
LOGGING: dict[str, Any] = {
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
        # Failed logins, lockouts, second-factor events: keyed hashes only, never a username or address.
        "helhet.security": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
