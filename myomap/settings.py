"""Myomap's one settings module, driven by environment variables.

SQLite under `var/` by default (one clinic on one machine); PostgreSQL when DATABASE_URL is set
(several clinics, several workers). There is no default secret key: it comes from
MYOMAP_SECRET_KEY or from the per-install file that `myomap init` writes.
"""

from __future__ import annotations

import os
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from myomap.paths import (
    audit_checkpoint_file,
    audit_key_file,
    private_dir,
    private_file,
    secret_key_file,
    var_dir,
)


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name}: expected one of 1/0, true/false, yes/no, on/off; got {value!r}"
    )


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


VAR_DIR = var_dir()
SECRET_KEY_FILE = secret_key_file()


def _read_secret_key() -> str:
    from_env = env_str("MYOMAP_SECRET_KEY")
    if from_env:
        return from_env
    if SECRET_KEY_FILE.is_file():
        return SECRET_KEY_FILE.read_text().strip()
    # Never fall back to a built-in value: a shared default key would let anyone forge sessions.
    raise ImproperlyConfigured(
        f"MYOMAP_SECRET_KEY: not set and no key file at {SECRET_KEY_FILE}. "
        "Run `myomap init` (or `make run`) to create one, or set MYOMAP_SECRET_KEY."
    )


SECRET_KEY = _read_secret_key()


def _read_audit_key() -> str:
    # The audit chain's HMAC key lives outside the database, so whoever can rewrite the tables
    # cannot recompute a chain that verifies (docs/audit.md).
    from_env = env_str("MYOMAP_AUDIT_KEY")
    if from_env:
        return from_env
    path = audit_key_file()
    if path.is_file():
        return path.read_text().strip()
    raise ImproperlyConfigured(
        f"MYOMAP_AUDIT_KEY: not set and no key file at {path}. "
        "Run `myomap init` (or `make run`) to create one, or set MYOMAP_AUDIT_KEY."
    )


MYOMAP_AUDIT_KEY = _read_audit_key()
# Outside anchor of the chain (genesis and the latest checkpoint, signed with the audit key).
MYOMAP_AUDIT_CHECKPOINT_FILE = audit_checkpoint_file()
MYOMAP_AUDIT_CHECKPOINT_EVERY = int(env_str("MYOMAP_AUDIT_CHECKPOINT_EVERY", "100"))
DEBUG = env_bool("MYOMAP_DEBUG", False)
ALLOWED_HOSTS = env_list("MYOMAP_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("MYOMAP_CSRF_TRUSTED_ORIGINS", "")

# Production behind TLS: secure cookies, HSTS and the HTTPS redirect all follow this one switch.
HTTPS = env_bool("MYOMAP_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "myomap.accounts",
    "myomap.records",
    "myomap.web",
    "myomap.handouts",
    "myomap.portal",
    "ninja",  # its templates and vendored Swagger UI assets for /api/v1/docs
    "myomap.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # no-store on every signed-in page (the refusal below included); refuse a NUL in any field
    # before a view runs.
    "myomap.web.http.input_guard.NoStoreMiddleware",
    "myomap.web.http.input_guard.NulByteRefusalMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "myomap.web.http.session_timeout.IdleTimeoutMiddleware",
    "myomap.web.http.two_factor.TwoFactorMiddleware",
    "myomap.web.http.clinic_time.ClinicTimeZoneMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "myomap.web.http.audit_middleware.AuditRequestMiddleware",
    "myomap.web.http.error_pages.ApplicationErrorMiddleware",
    "myomap.web.http.db_statistics.StatisticsMiddleware",
    # Axes last, as its documentation asks, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "myomap.urls"
WSGI_APPLICATION = "myomap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "myomap.web.http.context_processors.membership",
                "myomap.web.http.context_processors.knowledge_base",
                "myomap.portal.context.portal_safety",
            ],
            # `{% form_token %}` in every create form, without a `{% load %}`.
            "builtins": ["myomap.web.http.form_tokens"],
        },
    },
]


def _database() -> dict[str, Any]:
    url = env_str("DATABASE_URL")
    if url:
        try:
            parsed = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        except Exception as exc:  # the library raises several types for a malformed URL
            raise ImproperlyConfigured(f"DATABASE_URL: cannot parse {url!r}: {exc}") from exc
        config: dict[str, Any] = dict(parsed)
        if config["ENGINE"] == "django.db.backends.sqlite3":
            config["OPTIONS"] = _SQLITE_OPTIONS
        return config
    private_dir(VAR_DIR)  # patient data: the owner's only (0700 folder, 0600 file)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": private_file(VAR_DIR / "myomap.sqlite3"),
        "OPTIONS": _SQLITE_OPTIONS,
    }


# WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN so two
# writers queue on the busy timeout instead of failing half-way with "database is locked".
_SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}

DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Where people reach this installation; the command line prints set-password links with it.
MYOMAP_BASE_URL = env_str("MYOMAP_BASE_URL", "http://127.0.0.1:8000")
# Set-password and reset links work once and for this long.
PASSWORD_RESET_TIMEOUT = int(env_str("MYOMAP_PASSWORD_LINK_SECONDS", str(3 * 24 * 3600)))
# Mail (invitations, password resets): printed to the console unless an SMTP host is set.
EMAIL_HOST = env_str("MYOMAP_EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(env_str("MYOMAP_EMAIL_PORT", "587"))
EMAIL_HOST_USER = env_str("MYOMAP_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("MYOMAP_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("MYOMAP_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = env_str("MYOMAP_EMAIL_FROM", "myomap@localhost")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# A working day; the cookie dies with the browser so a shared clinic PC does not stay logged in.
SESSION_COOKIE_AGE = int(env_str("MYOMAP_SESSION_SECONDS", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Besides that lifetime, a session left idle this long ends (a clinic PC left unattended).
MYOMAP_SESSION_IDLE_SECONDS = int(env_str("MYOMAP_SESSION_IDLE_SECONDS", str(30 * 60)))

# Lockout: the tenth wrong password for a username from one address locks it for an hour.
AXES_FAILURE_LIMIT = int(env_str("MYOMAP_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_VERBOSE = False
# Behind a reverse proxy: how many proxies append to X-Forwarded-For (0 = none, header ignored).
MYOMAP_TRUSTED_PROXIES = int(env_str("MYOMAP_TRUSTED_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "myomap.accounts.client_address.client_address"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("MYOMAP_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
CSRF_FAILURE_VIEW = "myomap.web.views.errors.csrf_failure"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it to exist
# Serve straight from the app folders: no collectstatic step for a one-machine clinic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Requests a minute per API token, counted in the database so all workers share it.
MYOMAP_API_RATE_PER_MINUTE = int(env_str("MYOMAP_API_RATE_PER_MINUTE", "120"))
# SNOMED CT codes in FHIR exports need the deploying organisation's SNOMED licence: opt in.
MYOMAP_FHIR_SNOMED = env_bool("MYOMAP_FHIR_SNOMED", False)

# A clinic holding the ODI / STarT Back licences may point this at its wording file.
MYOMAP_INSTRUMENT_WORDING_FILE = env_str("MYOMAP_INSTRUMENT_WORDING_FILE")

# Client portal links: valid this many days unless the sender chooses (1-30); the date of birth
# may be mistyped this many times before the link pauses for the lockout; a portal session ends
# after this long without a request.
MYOMAP_PORTAL_LINK_DAYS = int(env_str("MYOMAP_PORTAL_LINK_DAYS", "7"))
MYOMAP_PORTAL_DOB_ATTEMPTS = int(env_str("MYOMAP_PORTAL_DOB_ATTEMPTS", "5"))
MYOMAP_PORTAL_LOCKOUT_MINUTES = int(env_str("MYOMAP_PORTAL_LOCKOUT_MINUTES", "60"))
MYOMAP_PORTAL_SESSION_SECONDS = int(env_str("MYOMAP_PORTAL_SESSION_SECONDS", str(60 * 60)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A portal link's token must never reach a log line (the development server prints each
    # request line with its query string).
    "filters": {"portal_tokens": {"()": "myomap.portal.logging.RedactPortalTokens"}},
    "formatters": {
        "server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["portal_tokens"]},
        "server": {
            "class": "logging.StreamHandler",
            "formatter": "server",
            "filters": ["portal_tokens"],
        },
    },
    "loggers": {
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": env_str("MYOMAP_LOG_LEVEL", "WARNING")},
}
