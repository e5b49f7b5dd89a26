"""Production settings: everything secret from the environment, HTTPS only."""

from pathlib import Path

from helhet.config.env import env_bool, env_int, env_list, env_str
from helhet.config.settings import *  # noqa: F403
from helhet.config.settings import PROJECT_DIR

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
# The access log's hash-chain key: without it the chain would use the public development key, and anyone
# with database access could forge rows that verify-access-log accepts.
HELHET_ACCESS_LOG_KEY = env_str("HELHET_ACCESS_LOG_KEY")
if not HELHET_ACCESS_LOG_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("HELHET_ACCESS_LOG_KEY must be set in the environment")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
HELHET_ALLOW_SYNTHETIC_IDS = env_bool("HELHET_ALLOW_SYNTHETIC_IDS", default=False)
HELHET_DEMO_PASSWORD = env_str("HELHET_DEMO_PASSWORD", "")
if env_bool("HELHET_CITIZEN_DEV_LOGIN", default=False):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("HELHET_CITIZEN_DEV_LOGIN logs citizens in without proof: never in production")
HELHET_CITIZEN_DEV_LOGIN = False
WHITENOISE_USE_FINDERS = False
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(PROJECT_DIR / "staticfiles")))

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
if HELHET_OIDC_ISSUER and not HELHET_OIDC_ISSUER.startswith("https://"):  # noqa: F405
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("HELHET_OIDC_ISSUER must be an https:// URL in production")
if HELHET_IDPORTEN_ISSUER and not HELHET_IDPORTEN_ISSUER.startswith("https://"):  # noqa: F405
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("HELHET_IDPORTEN_ISSUER must be an https:// URL in production")
# Trust X-Forwarded-Proto only behind a reverse proxy that sets it (and strips any the client sent);
# otherwise a client could claim HTTPS over plain HTTP.
if env_bool("HELHET_TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The load balancer's or systemd's health probe may ask over plain HTTP on the private interface.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
HELHET_LOG_FORMAT = env_str("HELHET_LOG_FORMAT", "json")
LOGGING["handlers"]["console"]["formatter"] = HELHET_LOG_FORMAT  # noqa: F405
