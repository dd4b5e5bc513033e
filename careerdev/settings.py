"""careerdev settings: one module, read from the environment.

Every variable has an explicit default that runs the app locally with nothing else
installed (SQLite and a filesystem broker under var/). A bad value stops start-up
with a message naming the variable.
"""

import os
import re
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true or false.")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={value} must be at least {minimum}.")
    return value


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Core
DEBUG = env_bool("DEBUG", True)
DEV_SECRET_KEY = "dev-only-secret-key-never-use-in-production-0123456789abcdef"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", DEV_SECRET_KEY)
if not DEBUG and (SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a private value of 50+ characters when DEBUG is off."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# make bench turns on a minimal view to measure the pages against; never on otherwise.
BENCH_REFERENCE_VIEW = env_bool("BENCH_REFERENCE_VIEW", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "simple_history",
    "careerdev",
    "assessments",
    "plans",
    "mentoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "careerdev.middleware.member_time_zone",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "careerdev.urls"
WSGI_APPLICATION = "careerdev.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: SQLite under var/ unless DATABASE_URL names another.
DATABASE_URL = env_str("DATABASE_URL", "")
if not DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASE_URL = f"sqlite:///{VAR_DIR / 'careerdev.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a usable database URL: {error}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Many requests write at once (autosaves, the worker): readers never wait for the writer
    # (WAL), a transaction takes the write lock when it begins instead of failing half-way
    # when it upgrades from reading (IMMEDIATE), and a writer waits its turn (timeout, in s).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests that run a Celery worker in a thread share the test database with it; a file
    # (rather than shared-cache memory) lets SQLite wait for a lock instead of failing.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-careerdev.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The database cache is shared by every process and survives a Redis outage,
# which allauth's rate limits rely on. Rendered pages (careerdev/fragments.py) go to a cache
# of their own: Redis when REDIS_URL is set, else this process's memory. Either is safe,
# since a page's key changes with every write to what it shows.
PAGE_CACHE = env_str("PAGE_CACHE", "")
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 3600)
PAGE_CACHE_ENTRIES = env_int("PAGE_CACHE_ENTRIES", 5000, minimum=1)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "careerdev_cache",
    },
}

# Accounts
AUTH_USER_MODEL = "careerdev.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "careerdev.forms.SignupForm"
ACCOUNT_ADAPTER = "careerdev.adapters.AccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[careerdev] "
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = env_int("EMAIL_CONFIRMATION_EXPIRE_DAYS", 3, minimum=1)
# A person who signs up with an address that already has an account is told so on the form;
# the password reset form answers alike for every address (see the README).
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_FORMS = {"reset_password": "careerdev.adapters.ResetPasswordForm"}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"

# E-mail: printed to the console unless EMAIL_BACKEND says otherwise.
EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}
EMAIL_BACKEND_NAME = env_str("EMAIL_BACKEND", "console")
if EMAIL_BACKEND_NAME not in EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"EMAIL_BACKEND={EMAIL_BACKEND_NAME!r} is not one of {', '.join(EMAIL_BACKENDS)}."
    )
MAILER_OPTIONS: dict[str, object] = {}
if EMAIL_BACKEND_NAME == "file":
    MAILER_OPTIONS = {"file_path": str(VAR_DIR / "mail")}
elif EMAIL_BACKEND_NAME == "smtp":
    MAILER_OPTIONS = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 587, minimum=1),
        "username": env_str("EMAIL_HOST_USER", ""),
        "password": env_str("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", True),
        "timeout": env_int("EMAIL_TIMEOUT", 20, minimum=1),
    }
MAILERS = {"default": {"BACKEND": EMAIL_BACKENDS[EMAIL_BACKEND_NAME], "OPTIONS": MAILER_OPTIONS}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "careerdev <hello@careerdev.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The right-hand side of every Message-ID: the sending domain, not this machine's host name.
_, _at, _from_domain = parseaddr(DEFAULT_FROM_EMAIL)[1].rpartition("@")
EMAIL_MESSAGE_ID_DOMAIN = env_str("EMAIL_MESSAGE_ID_DOMAIN", _from_domain if _at else "").strip()
if not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?", EMAIL_MESSAGE_ID_DOMAIN):
    raise ImproperlyConfigured(
        f"EMAIL_MESSAGE_ID_DOMAIN={EMAIL_MESSAGE_ID_DOMAIN!r} is not a domain name; set it, or "
        "give DEFAULT_FROM_EMAIL an address with a domain."
    )

# Mentoring: how long an invitation link works, how long a mentorship request waits for an
# answer, and how long comment notices gather before they go out as one e-mail.
MENTORING_INVITATION_DAYS = env_int("MENTORING_INVITATION_DAYS", 14, minimum=1)
MENTORING_REQUEST_DAYS = env_int("MENTORING_REQUEST_DAYS", 14, minimum=1)
MENTORING_NOTICE_MINUTES = env_int("MENTORING_NOTICE_MINUTES", 10, minimum=0)
# A programme admin's overview counts up to this many members at each request; a larger
# programme's counts are worked out in the background, at most this many seconds apart.
PROGRAMME_LIVE_COUNTS_UP_TO = env_int("PROGRAMME_LIVE_COUNTS_UP_TO", 500)
PROGRAMME_COUNTS_MAX_AGE = env_int("PROGRAMME_COUNTS_MAX_AGE", 300, minimum=60)

# Two-factor sign-in: a code from an authenticator app, with one-use recovery codes for a
# lost phone. Changing it, or deleting the account, asks for the password (or a code) again
# when the last log-in is older than ACCOUNT_REAUTHENTICATION_TIMEOUT seconds.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "careerdev"
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300

# Internationalisation: times are stored in UTC and shown in each member's zone.
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files, served by WhiteNoise.
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Content Security Policy: nothing inline without a nonce, nothing from elsewhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Transport security: on by default whenever DEBUG is off.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Log-in limits count each client's address. Behind proxies every request comes from the last
# proxy: say how many proxies append the client's address to X-Forwarded-For, or name a header
# the proxy sets to it. Only ever trust what your own proxies write.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("TRUSTED_CLIENT_IP_HEADER", "") or None
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Celery: Redis when REDIS_URL is set, otherwise a broker in files under var/.
REDIS_URL = env_str("REDIS_URL", "")
# How long anyone waits on the broker to connect or to answer. A web request queues its
# e-mail on commit, so a broker that accepts connections and never answers must cost it no
# more than this; what it could not queue, the next beat tick does.
BROKER_TIMEOUT_SECONDS = env_int("BROKER_TIMEOUT_SECONDS", 1, minimum=1)
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_TIMEOUT_SECONDS
REDIS_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
    "socket_timeout": BROKER_TIMEOUT_SECONDS,
}
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = dict(REDIS_TRANSPORT_OPTIONS)
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "broker" / "queue"),
        "data_folder_out": str(VAR_DIR / "broker" / "queue"),
        "processed_folder": str(VAR_DIR / "broker" / "processed"),
        "control_folder": str(VAR_DIR / "broker" / "control"),
        "store_processed": False,
    }
# The page cache, now that REDIS_URL is read: memory, redis or off (PAGE_CACHE_SECONDS=0 too).
PAGE_CACHE = PAGE_CACHE or ("redis" if REDIS_URL else "memory")
if PAGE_CACHE == "memory":
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "careerdev-pages",
        "OPTIONS": {"MAX_ENTRIES": PAGE_CACHE_ENTRIES},
    }
elif PAGE_CACHE == "redis":
    if not REDIS_URL:
        raise ImproperlyConfigured("PAGE_CACHE=redis needs REDIS_URL.")
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "careerdev",
        # A hung Redis costs a page at most this, then the page is rendered without it.
        "OPTIONS": dict(REDIS_TRANSPORT_OPTIONS),
    }
elif PAGE_CACHE == "off":
    PAGE_CACHE_SECONDS = 0
    CACHES["pages"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
else:
    raise ImproperlyConfigured(f"PAGE_CACHE={PAGE_CACHE!r} is not one of memory, redis, off.")
FRAGMENT_CACHE_ALIAS = "pages"
FRAGMENT_CACHE_SECONDS = PAGE_CACHE_SECONDS
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TIMEZONE = "UTC"

# Reminders: each beat tick sweeps for due reminders and queues their e-mails.
REMINDER_TICK_SECONDS = env_int("REMINDER_TICK_SECONDS", 60, minimum=5)
CELERY_BEAT_SCHEDULE = {
    "reminders-sweep": {
        "task": "careerdev.tasks.reminders_sweep",
        "schedule": REMINDER_TICK_SECONDS,
        # A tick nobody ran in time is dropped: the next one finds the same work.
        "options": {"expires": REMINDER_TICK_SECONDS},
    },
    # Mentorship requests left unanswered expire, and their members are told.
    # Programme check-ins: due ones become deliveries in the outbox, as reminders do.
    "programme-checkins-sweep": {
        "task": "mentoring.tasks.programme_checkins_sweep",
        "schedule": REMINDER_TICK_SECONDS,
        "options": {"expires": REMINDER_TICK_SECONDS},
    },
    "programme-counts-refresh": {
        "task": "mentoring.tasks.programme_counts_refresh",
        "schedule": REMINDER_TICK_SECONDS,
        "options": {"expires": REMINDER_TICK_SECONDS},
    },
    "mentorship-requests-expire": {
        "task": "mentoring.tasks.mentorship_requests_expire",
        "schedule": 3600,
        "options": {"expires": 3600},
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
