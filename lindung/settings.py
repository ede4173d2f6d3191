"""Settings for lindung, driven by environment variables only.

The embedded default (SQLite under var/, DEBUG off) needs no variable at all.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("LINDUNG_VAR_DIR", PROJECT_DIR / "var"))


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: use 1/0, true/false, yes/no or on/off")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # The embedded default must start with no variable; keep a per-install key
    # on disk so sessions survive restarts without committing a secret.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        key_file.write_text(get_random_secret_key())
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# How long work runs: "thread" (inside the web server, the embedded default),
# "worker" (a separate `lindung run_worker` process) or "inline" (tests).
LINDUNG_JOBS = env_str("LINDUNG_JOBS", "thread")
if LINDUNG_JOBS not in ("thread", "worker", "inline"):
    raise ImproperlyConfigured(f"LINDUNG_JOBS={LINDUNG_JOBS!r}: use thread, worker or inline")

# A running job writes a heartbeat every few seconds; this long without one, its runner is taken
# for dead and the job is requeued (or failed after LINDUNG_JOB_ATTEMPTS tries).
LINDUNG_JOB_STALE_SECONDS = env_int("LINDUNG_JOB_STALE_SECONDS", 45)
LINDUNG_JOB_ATTEMPTS = env_int("LINDUNG_JOB_ATTEMPTS", 3)

# How much a command-line import and the `run_worker` process lower their own CPU priority
# (niceness, 0-19; 0 keeps it): the web pages come first on a shared server. Not on SQLite, where
# an import holds the one write lock for each chunk and, descheduled, would hold it longer.
LINDUNG_BACKGROUND_NICE = env_int("LINDUNG_BACKGROUND_NICE", 10)
if not 0 <= LINDUNG_BACKGROUND_NICE <= 19:
    raise ImproperlyConfigured("LINDUNG_BACKGROUND_NICE must be between 0 and 19")

# Duplicate pairs scoring at least this may be merged in bulk by a verifier (0-1).
LINDUNG_DEDUP_BULK_MIN = float(env_str("LINDUNG_DEDUP_BULK_MIN", "0.99"))
if not 0.5 <= LINDUNG_DEDUP_BULK_MIN <= 1:
    raise ImproperlyConfigured("LINDUNG_DEDUP_BULK_MIN must be between 0.5 and 1")

# The regency this installation serves (Kemendagri code). Nothing else names Kukar.
LINDUNG_REGENCY = env_str("LINDUNG_REGENCY", "64.02")
if not (len(LINDUNG_REGENCY) == 5 and LINDUNG_REGENCY[2] == "." and LINDUNG_REGENCY.replace(".", "").isdigit()):
    raise ImproperlyConfigured(f"LINDUNG_REGENCY={LINDUNG_REGENCY!r}: expected a regency code like 64.02")

INSTALLED_APPS = [
    "lindung.accounts.admin_site.ReadOnlyAdminConfig",  # django.contrib.admin, read-only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "csp",
    "lindung.regions",
    "lindung.accounts",
    "lindung.audit",
    "lindung.people",
    "lindung.programmes",
    "lindung.funding",
    "lindung.enrolment",
    "lindung.coverage",
    "lindung.claims",
    "lindung.reports",
    "lindung.imports",
    "lindung.dedup",
    "lindung.jobs",
    "lindung.rules",
    "lindung.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lindung.imports.middleware.UploadLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "lindung.audit.middleware.WebInterfaceMiddleware",
    "lindung.accounts.middleware.IdleTimeoutMiddleware",
    "lindung.accounts.middleware.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so it turns a locked-out login into its own page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lindung.urls"
WSGI_APPLICATION = "lindung.wsgi.application"

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
                "lindung.accounts.context_processors.roles",
            ],
            "builtins": ["lindung.templatetags.lindung"],
        },
    }
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    # A kept connection is checked before a request reuses it: after the database dropped it (a restart,
    # a failover, pg_terminate_backend) the request gets a new one instead of a 500.
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "lindung.sqlite3",
            # WAL lets the server read while an import or the demo loader writes.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # Kept per server thread like PostgreSQL's: opening SQLite and setting it up (the pragmas,
            # Django's functions) cost about 1.5 ms CPU, a tenth of a registry page, on every request.
            "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Makassar")
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
# The project's own stylesheet lives outside any app, so the finders must be told.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
# WhiteNoise serves from the app folders (no collectstatic needed) but expects the root to exist.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

# -- Security ------------------------------------------------------------------------------
# Cookies travel over HTTPS only unless DEBUG is on (the embedded default serves plain HTTP on
# 127.0.0.1, where a browser keeps secure cookies too). Behind a TLS proxy set SECURE_PROXY_SSL=1.
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("SECURE_PROXY_SSL", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Idle timeout: a session ends after this many minutes without a request (IdleTimeoutMiddleware),
# and when the browser closes. A shared office computer must not stay logged in.
LINDUNG_IDLE_MINUTES = env_int("LINDUNG_IDLE_MINUTES", 30)
if not 1 <= LINDUNG_IDLE_MINUTES <= 24 * 60:
    raise ImproperlyConfigured("LINDUNG_IDLE_MINUTES must be between 1 and 1440")
SESSION_COOKIE_AGE = 12 * 60 * 60  # and a working day at most, however busy
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login throttle (django-axes): failures are counted in the database per account and, separately,
# per address, so neither guessing one account's password from many machines nor many accounts'
# from one machine gets far; the lockout lifts by itself after the cool-off.
AUTHENTICATION_BACKENDS = [
    "lindung.accounts.backends.LoginThrottle",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LINDUNG_LOGIN_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LINDUNG_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "lindung.accounts.views.locked_out"
AXES_VERBOSE = False
if env_bool("SECURE_PROXY_SSL", False):
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Content-Security-Policy: scripts, styles and images from this site only, no inline code
# (the page behaviour lives in static/lindung/lindung.js), no framing, forms post here only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

REST_FRAMEWORK = {
    # Token first: a request without credentials is then 401 with WWW-Authenticate, as HTTP says.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "lindung API",
    "DESCRIPTION": (
        "Registri pekerja rentan. Masuk dengan token per pengguna (header `Authorization: Token ...`); "
        "setiap jawaban dibatasi wilayah pengguna itu. Setiap perubahan menyebut versi data yang dibaca "
        "(header If-Match berisi ETag, atau kolom version)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Clients of the API use their token; the session cookie is the pages' (and the docs page's) business.
    "AUTHENTICATION_WHITELIST": ["rest_framework.authentication.TokenAuthentication"],
    # Three models have a field named "status" with their own choices; each gets its own name.
    "ENUM_NAME_OVERRIDES": {
        "PersonStatusEnum": "lindung.people.models.Status",
        "ClaimStatusEnum": "lindung.claims.models.ClaimStatus",
        "MembershipStatusEnum": "lindung.enrolment.models.MembershipStatus",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
