"""Settings shared by every environment. Values that differ come from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "axes",
    "csp",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "django_countries",
    "core",
    "programmes",
    "companies",
    "matching",
    "scheduling",
    "monitoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The database or Redis unreachable in a view: the 503 page or JSON (core/outages.py; an
    # outage met in a middleware reaches the same answer through handler500, config/urls.py).
    "core.middleware.ServiceUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A NUL character in the query string: 400 (PostgreSQL refuses it in a query).
    "core.middleware.NulCharacterMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Querysets of scoped models must be .visible_to(user) or .unscoped(reason) (core/scoping.py).
    "core.scoping.ScopingGuardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.UserLanguageMiddleware",
    "core.middleware.PageLanguageMiddleware",
    # After sessions, auth and language: a refused method gets the styled page for its reader.
    "core.middleware.PageMethodsMiddleware",
    "core.middleware.TimeZoneResetMiddleware",
    # Idle and absolute session timeouts (SESSION_IDLE_SECONDS, SESSION_ABSOLUTE_SECONDS).
    "core.middleware.SessionTimeoutMiddleware",
    # The audit log: the request for the services' events, and every refused access.
    "core.audit.AuditMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo runs the web server and the Celery worker against one SQLite file:
    # WAL lets readers and one writer work at once, IMMEDIATE avoids upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
# Signing in lands where the user's role works (core/navigation.py home_url).
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes first: it refuses a locked-out sign-in before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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

# --- Sign-in and sessions (docs/security.md) --------------------------------------------------
# How many reverse proxies in front of us append to X-Forwarded-For: 0 = use REMOTE_ADDR only
# (no proxy: the header is the client's to forge). Lockouts and rate limits count per address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# Lockout after repeated failures, per user name AND address: a stranger who types someone's
# name wrong five times from elsewhere does not lock that person out of their own office.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.views.locked_out"  # registration/locked_out.html, 429
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.axes_client_ip"
# A signed-in session ends after this long without a request, and at the latest this long after
# signing in (core.middleware.SessionTimeoutMiddleware); the cookie lives no longer than that.
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(60 * 60)))
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SESSION_ABSOLUTE_SECONDS", str(12 * 60 * 60)))
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Forms carry the token in a hidden field; no script reads the cookie.
CSRF_COOKIE_HTTPONLY = True
# Requests per address (or per user for the API) on the public pages and on token issue:
# "<count>/<second|minute|hour|day>" (core/ratelimit.py, core/api_tokens.py).
RATE_LIMITS = {
    "token_issue": os.environ.get("RATE_LIMIT_TOKEN_ISSUE", "10/minute"),
    "public_form": os.environ.get("RATE_LIMIT_PUBLIC_FORM", "120/minute"),
    "eligibility_check": os.environ.get("RATE_LIMIT_ELIGIBILITY_CHECK", "120/minute"),
    "survey": os.environ.get("RATE_LIMIT_SURVEY", "60/minute"),
}

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ja", _("Japanese")),
    ("ru", _("Russian")),
    ("vi", _("Vietnamese")),
    ("th", _("Thai")),
]
# Staff and advisers work in these; Vietnamese and Thai are offered on the public application
# form and the company-facing pages only (core.middleware.PageLanguageMiddleware).
STAFF_LANGUAGES = ("en", "ja", "ru")
FORMAT_MODULE_PATH = ["config.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"  # stored in UTC; shown in each programme's own time zone

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploaded applicant lists and job results: outside MEDIA_ROOT, under random names, never served
# as files; only views that check who asks hand them out (core/storage.py, core/files.py).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "core.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "programmes@smematch.invalid")
# A mail server that hangs must not hold a worker (or a locked row) for ever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))

CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith("redis://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            # A Redis that does not answer must not hold a request for long (core/outages.py).
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("CACHE_TIMEOUT_SECONDS", "2")),
                "socket_timeout": float(os.environ.get("CACHE_TIMEOUT_SECONDS", "2")),
            },
        }
    }
else:
    # A file cache is shared by the web process and the worker without any server.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# Celery. Without a broker URL the demo uses kombu's filesystem transport: a real worker
# process consumes the queue, and nothing needs to be installed or started.
CELERY_QUEUE_DIR = VAR_DIR / "celery-queue"
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(CELERY_QUEUE_DIR),
        "data_folder_out": str(CELERY_QUEUE_DIR),
        "processed_folder": str(VAR_DIR / "celery-processed"),
        "control_folder": str(VAR_DIR / "celery-control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    # Redis hands a message taken by a worker that died (SIGKILL, power) to another worker once
    # this many seconds passed without its acknowledgement: longer than the longest task.
    else {"visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))}
)
if CELERY_BROKER_URL.startswith("filesystem"):
    for folder in (CELERY_QUEUE_DIR, VAR_DIR / "celery-processed"):
        folder.mkdir(parents=True, exist_ok=True)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
# Faults (docs/security.md, "Faults"): a message is acknowledged only once its task finished, a
# task whose worker process died is given back to the queue, and a worker takes one at a time.
# Each task is safe to run twice (keyed by its job); the transient errors it retries are in
# core/tasks.py.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
# Survey invitations and reminders (monitoring/services/reminders.py): `celery -A config beat`.
CELERY_BEAT_SCHEDULE = {
    # Jobs saved while the broker was down (their message lost) are queued again (core/requeue.py).
    "core-jobs-requeue": {
        "task": "core.jobs_requeue",
        "schedule": 60.0,
        "options": {"expires": 55.0},
    },
    "monitoring-surveys-remind": {"task": "monitoring.surveys_remind", "schedule": 3600.0},
    "monitoring-follow-ups-remind": {"task": "monitoring.follow_ups_remind", "schedule": 86400.0},
    "monitoring-follow-up-surveys-send": {
        "task": "monitoring.follow_up_surveys_send",
        "schedule": 86400.0,
    },
}
# A job still queued this long after it was saved is queued again (core/requeue.py).
JOB_REQUEUE_AFTER_SECONDS = int(os.environ.get("JOB_REQUEUE_AFTER_SECONDS", "120"))
WORKER_HEARTBEAT_SECONDS = 10
WORKER_HEARTBEAT_STALE_SECONDS = 45
# PDFs (core/pdf/): each document is laid out in a child process, stopped past this many
# seconds per document or this many megabytes of memory beyond its parent's (0: no limit).
PDF_TIME_LIMIT_SECONDS = float(os.environ.get("PDF_TIME_LIMIT_SECONDS", "120"))
PDF_MEMORY_LIMIT_MB = float(os.environ.get("PDF_MEMORY_LIMIT_MB", "1024"))
# Dashboards and ministry reports show money in this currency, converted at the stored dated
# rates (companies.ExchangeRate; monitoring/dashboard.py).
MONITORING_REPORTING_CURRENCY = os.environ.get("MONITORING_REPORTING_CURRENCY", "JPY")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that an anonymous call is answered 401 with WWW-Authenticate.
        # Named, hashed, revocable tokens per user (core/api_tokens.py).
        "core.api_tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DEFAULT_FILTER_BACKENDS": [],
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SME Match API",
    "DESCRIPTION": "Programmes, activities, organisations and background jobs of SME "
    "business-matching programmes. Times are ISO 8601 in UTC.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs are for signed-in users (session or token) only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Served from our own static files: the machines that run this have no internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # 401 (no or bad credentials) and 404 (no such page) where DRF answers them before any
    # view does (core/api_schema.py); the first hook is drf-spectacular's default.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api_schema.document_common_errors",
    ],
}

# Content-Security-Policy (django-csp): no inline scripts or styles anywhere, nothing from other
# hosts (the machines have no internet anyway). htmx is told not to inject its indicator style
# (base.html's htmx-config); the API docs use drf-spectacular's split view (its script is a file).
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step at INFO; keep its warnings (missing glyphs, refused URLs).
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
