"""Settings for every environment, with production-safe defaults.

All environment variables are read through :mod:`wendbaar.conf.env`.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from . import env

SRC_DIR = Path(__file__).resolve().parent.parent  # src/wendbaar
BASE_DIR = SRC_DIR.parent.parent  # repository root
VAR_DIR = Path(
    env.str_var(
        "WENDBAAR_VAR_DIR",
        str(BASE_DIR / "var"),
        "Folder for the embedded database and uploaded files.",
    )
)

SECRET_KEY = env.str_var("SECRET_KEY", "", "Django secret key; required when DEBUG is off.")
DEBUG = env.bool_var("DEBUG", False, "Development mode: Django's detailed error pages.")
# Independent of DEBUG: the demo (`make run`) serves with DEBUG off, like production, and
# lets the demo users (accounts/demo.py, a published password) sign in. Production refuses it.
DEMO_LOGINS = env.bool_var(
    "WENDBAAR_DEMO_LOGINS", False, "Demo users (shared, published password) may sign in."
)
ALLOWED_HOSTS = env.list_var(
    "ALLOWED_HOSTS", ["localhost", "127.0.0.1"], "Host names this server answers to."
)
CSRF_TRUSTED_ORIGINS = env.list_var(
    "CSRF_TRUSTED_ORIGINS", [], "Origins (scheme://host) trusted for CSRF, behind a proxy."
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "template_partials",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "mozilla_django_oidc",
    "axes",
    "csp",
    # In layer order, lowest first (docs/architecture.md; checked by lint-imports).
    "wendbaar.core",
    "wendbaar.ui",
    "wendbaar.areas",
    "wendbaar.accounts",
    "wendbaar.monitor",
    "wendbaar.stories",
    "wendbaar.organisations",
    "wendbaar.approaches",
    "wendbaar.coalition",
    "wendbaar.agenda",
    "wendbaar.proposals",
    "wendbaar.initiatives",
    "wendbaar.reports",
    "wendbaar.workshops",
    "wendbaar.pages",
    "wendbaar.api",
    "wendbaar.demo",
]

MIDDLEWARE = [
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
    "csp.middleware.CSPMiddleware",
    "wendbaar.accounts.middleware.SessionSecurityMiddleware",
    "wendbaar.accounts.middleware.PermissionsPolicyMiddleware",
    # Last, as django-axes asks: it turns a lockout into the sign-in page's answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wendbaar.urls"
WSGI_APPLICATION = "wendbaar.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wendbaar.ui.context_processors.site",
                "wendbaar.accounts.context_processors.menu",
            ],
        },
    }
]

# --- Database -----------------------------------------------------------------------
# SQLite under var/ is the embedded default; DATABASE_URL=postgres://… is production.
DATABASES = {
    "default": env.db_var(
        "DATABASE_URL",
        f"sqlite:///{VAR_DIR / 'wendbaar.sqlite3'}",
        "Database URL; sqlite:///path (default, under var/) or postgres://user@host/db.",
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database must open on a fresh clone, before anything created var/.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers work during a write; foreign keys are on by default in Django.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    )
elif DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    DATABASES["default"]["ENGINE"] = "django.db.backends.postgresql"
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out sign-in before any backend checks a password
# (the OIDC backend included, inserted after it below).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "wendbaar.accounts.backends.ScopedModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "pages:my_work"  # "Mijn werk"; a ?next= still wins
LOGOUT_REDIRECT_URL = "pages:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

USE_OIDC = env.bool_var(
    "USE_OIDC", False, "Sign in through the municipality's OpenID Connect provider."
)
OIDC_RP_CLIENT_ID = env.str_var("OIDC_RP_CLIENT_ID", "", "OIDC client id.")
OIDC_RP_CLIENT_SECRET = env.str_var("OIDC_RP_CLIENT_SECRET", "", "OIDC client secret.")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str_var(
    "OIDC_OP_AUTHORIZATION_ENDPOINT", "", "OIDC authorization endpoint URL."
)
OIDC_OP_TOKEN_ENDPOINT = env.str_var("OIDC_OP_TOKEN_ENDPOINT", "", "OIDC token endpoint URL.")
OIDC_OP_USER_ENDPOINT = env.str_var("OIDC_OP_USER_ENDPOINT", "", "OIDC userinfo endpoint URL.")
OIDC_OP_JWKS_ENDPOINT = env.str_var("OIDC_OP_JWKS_ENDPOINT", "", "OIDC JWKS endpoint URL.")
OIDC_RP_SIGN_ALGO = env.str_var("OIDC_RP_SIGN_ALGO", "RS256", "OIDC token signing algorithm.")
if USE_OIDC:
    AUTHENTICATION_BACKENDS.insert(1, "wendbaar.accounts.oidc.WendbaarOIDCBackend")

EMAIL_BACKEND = env.str_var(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend", "Django e-mail backend class."
)
EMAIL_HOST = env.str_var("EMAIL_HOST", "localhost", "SMTP host for outgoing mail.")
EMAIL_PORT = env.int_var("EMAIL_PORT", 25, "SMTP port.")
EMAIL_HOST_USER = env.str_var("EMAIL_HOST_USER", "", "SMTP user name (empty: no login).")
EMAIL_HOST_PASSWORD = env.str_var("EMAIL_HOST_PASSWORD", "", "SMTP password.")
EMAIL_USE_TLS = env.bool_var("EMAIL_USE_TLS", False, "SMTP with STARTTLS (usually port 587).")
EMAIL_USE_SSL = env.bool_var("EMAIL_USE_SSL", False, "SMTP over TLS (usually port 465).")
EMAIL_TIMEOUT = env.int_var("EMAIL_TIMEOUT", 10, "Seconds before an SMTP connection gives up.")
EMAIL_FILE_PATH = env.str_var(
    "EMAIL_FILE_PATH",
    str(VAR_DIR / "mail"),
    "Folder the file-based e-mail backend writes each message to (one file per message).",
)
SITE_URL = env.str_var(
    "WENDBAAR_SITE_URL",
    "http://127.0.0.1:8000",
    "The address of this site as people reach it: the links in e-mails start with it.",
)
DEFAULT_FROM_EMAIL = env.str_var(
    "DEFAULT_FROM_EMAIL", "wendbaar@localhost", "Sender address of outgoing mail."
)

# --- Internationalisation -----------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# Off: with it on, every integer in a template is grouped, so ids and years break
# ("checklist-item-1.542", "2.024"). Amounts ask for grouping ({{ x|floatformat:"0g" }}).
USE_THOUSAND_SEPARATOR = False

# --- Static files (npm packages served locally; no CDN) -----------------------------
STATIC_URL = "/static/"
# `wendbaar collectstatic` (part of `make install` and the deploy) writes here.
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/utrecht", NODE_MODULES / "@utrecht/component-library-css/dist"),
    ("vendor/tokens", NODE_MODULES / "@nl-design-system-unstable/voorbeeld-design-tokens/dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org/dist"),
    ("vendor/noto-sans", NODE_MODULES / "@fontsource/noto-sans/files"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# --- Background tasks (Django Tasks API, database backend) --------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- API ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "wendbaar.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Wendbaar API",
    "DESCRIPTION": (
        "API of Wendbaar. Reads: areas, indicators and observations, stories, signals and "
        "wijkaanpakken. Writes (signed in, with a CSRF token): progress, status and "
        "indicator measurements of a wijkaanpak."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # A report's status beside the other "status" enums (projects, initiatives).
    "ENUM_NAME_OVERRIDES": {"ReportStatusEnum": "wendbaar.reports.constants.Status"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "wendbaar.api.schema.document_unsupported_media_type",
    ],
}

# --- Security -----------------------------------------------------------------------
# Production defaults are the secure ones, whatever DEBUG says; the dev settings (the
# local demo on plain HTTP) turn them off explicitly.
SESSION_COOKIE_SECURE = env.bool_var(
    "SESSION_COOKIE_SECURE", True, "Send the session cookie over HTTPS only."
)
CSRF_COOKIE_SECURE = env.bool_var(
    "CSRF_COOKIE_SECURE", SESSION_COOKIE_SECURE, "Send the CSRF cookie over HTTPS only."
)
SECURE_SSL_REDIRECT = env.bool_var(
    "SECURE_SSL_REDIRECT", True, "Redirect every plain-HTTP request to HTTPS."
)
SECURE_HSTS_SECONDS = env.int_var(
    "SECURE_HSTS_SECONDS",
    31_536_000,
    "Strict-Transport-Security max-age in seconds (0: no HSTS header).",
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool_var(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", True, "HSTS also for every subdomain of this host."
)
SECURE_HSTS_PRELOAD = env.bool_var(
    "SECURE_HSTS_PRELOAD", False, "Add 'preload' to HSTS (only after applying for the list)."
)
# "HTTP_X_FORWARDED_PROTO,https" behind a TLS-terminating proxy that sets that header.
_proxy_ssl_header = env.list_var(
    "SECURE_PROXY_SSL_HEADER",
    [],
    "Header and value that mark a request as HTTPS behind a proxy (header,value).",
)
SECURE_PROXY_SSL_HEADER = tuple(_proxy_ssl_header) if len(_proxy_ssl_header) == 2 else None
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): only our own files run; no inline script, no CDN.
# style-src-attr allows style="" attributes only (no <style> elements): the SVG maps and
# charts set per-area colours and widths that way; an attribute cannot run script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],  # data: for the design system's SVG icons in CSS
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}
# Browser features no page uses (wendbaar.accounts.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)

# --- Sign-in protection and sessions (wendbaar.accounts: lockout, reauth, middleware) ---
# django-axes counts failures per username *and* address: an attacker elsewhere cannot
# lock a user out everywhere (by username alone) nor lock a shared office address out
# (by address alone); a password guesser is still stopped for that username.
AXES_FAILURE_LIMIT = env.int_var(
    "WENDBAAR_LOGIN_FAILURE_LIMIT", 5, "Failed sign-ins (per username and address) before a pause."
)
AXES_COOLOFF_TIME = timedelta(
    minutes=env.int_var(
        "WENDBAAR_LOGIN_COOLOFF_MINUTES", 15, "Minutes a locked sign-in stays paused."
    )
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The pause ends when the page says it does: tries during it do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "wendbaar.accounts.lockout.lockout_response"
# Keep no log of successful sign-ins (addresses are personal data); failures are
# kept only until their cool-off ends.
AXES_DISABLE_ACCESS_LOG = True
# Behind N reverse proxies the client's address is N entries from the right of
# X-Forwarded-For; without this every sign-in would share the proxy's address.
_proxy_count = env.int_var(
    "WENDBAAR_PROXY_COUNT", 0, "Reverse proxies in front of the server (for client addresses)."
)
if _proxy_count:
    AXES_IPWARE_PROXY_COUNT = _proxy_count
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

# Personal-data pages ask for the password again after this long (accounts.reauth).
REAUTHENTICATE_AFTER = timedelta(
    minutes=env.int_var(
        "WENDBAAR_REAUTH_MINUTES",
        15,
        "Minutes after a sign-in before personal-data pages ask for the password again.",
    )
)
# A session ends after this much idle time: short for anyone holding a role.
SESSION_COOKIE_AGE = 60 * env.int_var(
    "WENDBAAR_SESSION_IDLE_MINUTES", 14 * 24 * 60, "Session lifetime of users without a role."
)
STAFF_SESSION_IDLE = timedelta(
    minutes=env.int_var(
        "WENDBAAR_STAFF_SESSION_IDLE_MINUTES",
        30,
        "Idle minutes before the session of a user with a role (or staff) ends.",
    )
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": env.str_var("LOG_LEVEL", "INFO", "Log level of the root logger."),
    },
    # A report's PDF (reports/pdf.py): WeasyPrint reports every page it lays out and every
    # CSS property it skips, fontTools every font it subsets; only their errors matter.
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}

# --- The web server (`wendbaar serve`: gunicorn) ----------------------------------------
SERVE_BIND = env.str_var(
    "WENDBAAR_SERVE_BIND", "127.0.0.1:8000", "Address `wendbaar serve` listens on (host:port)."
)
SERVE_WORKERS = env.int_var(
    "WENDBAAR_SERVE_WORKERS",
    2,
    "Worker processes of `wendbaar serve` (one per core; each has 4 threads).",
)
SERVE_TIMEOUT = env.int_var(
    "WENDBAAR_SERVE_TIMEOUT", 60, "Seconds before `wendbaar serve` restarts a silent worker."
)

# --- Wendbaar -----------------------------------------------------------------------
CBS_DATA_DIR = Path(
    env.str_var(
        "WENDBAAR_CBS_DATA_DIR",
        str(BASE_DIR.parent / "shared" / "data" / "cbs"),
        "Folder with the national CBS open data (tests and benchmarks; optional).",
    )
)

MONITOR_ANALYSIS_DIR = Path(
    env.str_var(
        "WENDBAAR_ANALYSIS_DIR",
        str(VAR_DIR / "analysis"),
        "Folder for the stored monitor analysis (Parquet files, one folder per data version).",
    )
    or VAR_DIR / "analysis"  # an empty value means the default
)
# Imports stop reading a gzip or XLSX (zip) file past this size decompressed.
IMPORT_MAX_DECOMPRESSED_BYTES = (
    env.int_var(
        "WENDBAAR_IMPORT_MAX_DECOMPRESSED_MB",
        512,
        "Largest content of an import file in MB once decompressed (gzip, XLSX).",
    )
    << 20
)

# The public story form: uses per client address (a keyed hash, in the database) per
# window, and the largest photo in decoded pixels (refused before it is decoded).
STORY_SUBMISSIONS_PER_WINDOW = env.int_var(
    "WENDBAAR_STORY_SUBMISSIONS_PER_WINDOW",
    5,
    "Posts of the public story form per client address per window (invalid ones count).",
)
STORY_SUBMISSION_WINDOW_SECONDS = env.int_var(
    "WENDBAAR_STORY_SUBMISSION_WINDOW_SECONDS", 3600, "Window of that rate limit, in seconds."
)
# The public initiative form and the initiators' replies on their status link.
INITIATIVE_POSTS_PER_WINDOW = env.int_var(
    "WENDBAAR_INITIATIVE_POSTS_PER_WINDOW",
    5,
    "Posts of the public initiative form, and replies on one status link, per client "
    "address per hour (invalid ones count).",
)
PHOTO_MAX_PIXELS = env.int_var(
    "WENDBAAR_PHOTO_MAX_PIXELS",
    24_000_000,
    "Largest uploaded photo in pixels (width x height); larger ones are refused undecoded.",
)

# Which areas the monitor judges (docs/monitor.md): fewer inhabitants or households, or
# mostly non-residential, and an area gets its figures but no position, urgency or warning.
MONITOR_MIN_POPULATION = env.int_var(
    "WENDBAAR_MONITOR_MIN_POPULATION",
    200,
    "Fewest inhabitants for an area to get theme positions, an urgency rank and warnings.",
)
MONITOR_MIN_HOUSEHOLDS = env.int_var(
    "WENDBAAR_MONITOR_MIN_HOUSEHOLDS", 80, "Fewest private households for the same."
)
MONITOR_MIN_RESIDENTIAL_PERCENT = env.int_var(
    "WENDBAAR_MONITOR_MIN_RESIDENTIAL_PERCENT",
    15,
    "Population density as a percentage of the surroundings' address density below which "
    "an area counts as mostly non-residential.",
)

# Funding above a project's budget is refused, except in these gemeenten (CBS codes),
# where it needs an explicit, recorded confirmation (docs/configuration.md).
OVERCOMMITMENT_MUNICIPALITIES = env.list_var(
    "WENDBAAR_OVERCOMMITMENT_MUNICIPALITIES",
    [],
    "Gemeente codes (GM0344,…) that allow funding above a project's budget, confirmed.",
)

if not DEBUG and not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
