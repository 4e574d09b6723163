"""Settings for the archive, read from environment variables with safe defaults.

- DJANGO_DEBUG: "1"/"true" to turn debug on; off unless set.
- DJANGO_SECRET_KEY: the secret key; when unset, one is generated once and kept in the
  data folder (`secret_key`, readable by its owner only).
- DJANGO_ALLOWED_HOSTS: comma-separated host names (default 127.0.0.1,localhost).
- ARCHIVE_DATA_DIR: the data folder (default var/): SQLite database, Whoosh index, originals.
- DATABASE_URL: a database URL (postgres://user:pass@host/db) instead of SQLite.
- ARCHIVE_SEARCH_ENGINE, ARCHIVE_SEARCH_URL, ARCHIVE_SEARCH_INDEX: another haystack engine
  (Elasticsearch, Solr) instead of the embedded Whoosh index.
- ARCHIVE_MAX_UPLOAD_BYTES: the largest file the admin upload takes (default 5 MiB).
- ARCHIVE_EXPORT_MAX_ROWS: the most articles a search's download holds (default 20,000);
  `manage.py export_articles` has no cap.
- Served over HTTPS: DJANGO_SECURE_COOKIES (cookies only over HTTPS), DJANGO_SSL_REDIRECT
  (redirect HTTP to HTTPS), DJANGO_HSTS_SECONDS (Strict-Transport-Security for that long,
  subdomains included), DJANGO_HSTS_PRELOAD (ask browsers to preload it), DJANGO_TLS_PROXY
  (trust X-Forwarded-Proto from the proxy in front). With all of them set, `check --deploy`
  has nothing to warn about.
"""

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(os.environ.get("ARCHIVE_DATA_DIR") or BASE_DIR / "var").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """The secret key from the environment, or the one kept in the data folder (made once)."""
    if os.environ.get("DJANGO_SECRET_KEY"):
        return os.environ["DJANGO_SECRET_KEY"]
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _flag("DJANGO_DEBUG")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _flag("DJANGO_SECURE_COOKIES")
SECURE_SSL_REDIRECT = _flag("DJANGO_SSL_REDIRECT")
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = _flag("DJANGO_HSTS_PRELOAD")
if _flag("DJANGO_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Scripts only from the site itself, never inline; styles may sit in attributes (the admin's).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Five wrong passwords from one address lock it out of the admin login for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "haystack",
    "archive.apps.SignInAttemptsConfig",
    "csp",
    "archive",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers a locked-out login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "archive.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'archive.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets gunicorn workers read while one writes; the timeout waits out a writer.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Arabic is the site's language: the pages, the admin and every message are translated
# (locale/ar), with Arabic plural forms and the formats in config/formats/ar.
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Uploaded originals, stored under their checksum. No MEDIA_URL: the article page serves
# an original as plain text through a view, never as a file a browser could render.
MEDIA_ROOT = DATA_DIR / "originals"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

ARCHIVE_MAX_UPLOAD_BYTES = int(os.environ.get("ARCHIVE_MAX_UPLOAD_BYTES", str(5 * 1024 * 1024)))
ARCHIVE_MAX_UPLOAD_FILES = 50
ARCHIVE_STAGING_DIR = DATA_DIR / "staging"
# Re-tagging after a gazetteer edit runs in the request up to this many articles;
# beyond it the admin is told to run the action or `retag_articles`.
ARCHIVE_RETAG_INLINE_LIMIT = 3000
# A search's download streams in the request, which holds a worker for it (and gunicorn
# stops a worker after 30 s): a search finding more is refused, with the total and the
# `export_articles` command to run instead (BENCHMARKS.md: the export's rows per second).
ARCHIVE_EXPORT_MAX_ROWS = int(os.environ.get("ARCHIVE_EXPORT_MAX_ROWS", "20000"))
# Django refuses bodies larger than this before our own checks can explain why.
DATA_UPLOAD_MAX_MEMORY_SIZE = ARCHIVE_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = ARCHIVE_MAX_UPLOAD_BYTES
DATA_UPLOAD_MAX_NUMBER_FILES = ARCHIVE_MAX_UPLOAD_FILES

_search_engine = os.environ.get("ARCHIVE_SEARCH_ENGINE")
if _search_engine:
    HAYSTACK_CONNECTIONS = {
        "default": {
            "ENGINE": _search_engine,
            "URL": os.environ.get("ARCHIVE_SEARCH_URL", ""),
            "INDEX_NAME": os.environ.get("ARCHIVE_SEARCH_INDEX", "archive"),
        }
    }
else:
    HAYSTACK_CONNECTIONS = {
        "default": {
            "ENGINE": "archive.search.backend.ArabicWhooshEngine",
            "PATH": str(Path(os.environ.get("ARCHIVE_INDEX_DIR") or DATA_DIR / "whoosh_index")),
        }
    }
# The services update the index after each committed write; no signal processor.
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"
HAYSTACK_SEARCH_RESULTS_PER_PAGE = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
