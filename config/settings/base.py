"""Settings shared by every mode; each value comes from the environment (see README)."""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from config.env import env, fail_open

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Before the admin: texts stored as data get a field per language (see each app's translation.py).
    "modeltranslation",
    "staffaccess.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_fsm",
    "django_fsm_log",
    "django_celery_beat",
    "phonenumber_field",
    "captcha",
    "import_export",
    "axes",
    "health_check",
    "django_prometheus",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "staffaccess",
    "workcalendar",
    "complaints",
    "evidence",
    "notifications",
    "portal",
    "companies",
    "workbench",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "config.logs.request_log",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.drop_nul_cookies",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "config.middleware.refuse_nul_characters",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: it answers a locked-out login attempt (staff and company users alike).
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
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
            ],
        },
    },
]

DATABASES = {
    "default": env.database("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share the file: wait for a lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A read replica for the statistics (the page, its exports, the monthly report, scorecards):
# config.db_router sends their queries there; the rest stays on the primary.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.database("DATABASE_REPLICA_URL"),
        "CONN_MAX_AGE": DATABASES["default"].get("CONN_MAX_AGE", 0),
        "CONN_HEALTH_CHECKS": True,
    }
STATISTICS_DATABASE = "replica" if "replica" in DATABASES else "default"
DATABASE_ROUTERS = ["config.db_router.StatisticsRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", _("Simplified Chinese")),
    ("zh-hant", _("Traditional Chinese")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Texts stored as data (legal bases, type descriptions, other routes) are kept in every language;
# staff fill each one in the admin.
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_REQUIRED_LANGUAGES = [code for code, _name in LANGUAGES]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "private")))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Evidence: limits per kind of file and per complaint; private storage.
MB = 1024 * 1024
_DOCUMENT_BYTES = env.positive_int("EVIDENCE_MAX_DOCUMENT_MB", default=20) * MB
_MEDIA_BYTES = env.positive_int("EVIDENCE_MAX_MEDIA_MB", default=200) * MB
EVIDENCE_MAX_BYTES = {
    "image": env.positive_int("EVIDENCE_MAX_IMAGE_MB", default=20) * MB,
    "document": _DOCUMENT_BYTES,
    "text": _DOCUMENT_BYTES,
    "audio": _MEDIA_BYTES,
    "video": _MEDIA_BYTES,
}
EVIDENCE_MAX_FILES = env.positive_int("EVIDENCE_MAX_FILES", default=20)
EVIDENCE_MAX_TOTAL_BYTES = env.positive_int("EVIDENCE_MAX_TOTAL_MB", default=1024) * MB
# How long a presigned S3 download link lives, in seconds.
EVIDENCE_URL_SECONDS = env.positive_int("EVIDENCE_URL_SECONDS", default=300)

S3_BUCKET = env.str("S3_BUCKET", default="")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="us-east-1"),
            "access_key": env.str("S3_ACCESS_KEY_ID"),
            "secret_key": env.str("S3_SECRET_ACCESS_KEY"),
            "location": env.str("S3_PREFIX", default=""),
            "addressing_style": env.str("S3_ADDRESSING_STYLE", default="path"),
            "signature_version": "s3v4",
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": EVIDENCE_URL_SECONDS,
        },
    }

# Content-Security-Policy on every page (django-csp): scripts, styles and images only from this
# site (and evidence previews from the bucket), no plugins, no framing. Evidence downloads keep
# their own stricter policy (sandboxed).
_FILES_ORIGIN = (
    [STORAGES["default"]["OPTIONS"]["endpoint_url"]]
    if S3_BUCKET and STORAGES["default"]["OPTIONS"].get("endpoint_url")
    else []
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *_FILES_ORIGIN],
        "media-src": ["'self'", *_FILES_ORIGIN],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Seconds an SMTP connection may block (connect, each reply): a hung mail server fails the
# attempt, which is retried, instead of holding a worker.
EMAIL_TIMEOUT = env.positive_int("EMAIL_TIMEOUT", default=10)
# One-time codes
CODE_VALID_MINUTES = env.positive_int("CODE_VALID_MINUTES", default=10)
CODE_RESEND_SECONDS = env.positive_int("CODE_RESEND_SECONDS", default=60)
CODE_MAX_PER_HOUR = env.positive_int("CODE_MAX_PER_HOUR", default=5)
CODE_MAX_ATTEMPTS = env.positive_int("CODE_MAX_ATTEMPTS", default=5)
# Public forms: requests per client address before they are refused.
PORTAL_RATE = env.str("PORTAL_RATE", default="30/h")
# How many reverse proxies of ours stand before the web server (each appends to X-Forwarded-For);
# 0: visitors connect directly and REMOTE_ADDR is their address.
TRUSTED_PROXY_HOPS = env.count("TRUSTED_PROXY_HOPS", default=0)
RATELIMIT_IP_META_KEY = "config.client_ip.client_ip"
# If the cache that keeps the counts does not answer, people are let through (and it is logged).
RATELIMIT_FAIL_OPEN = True
# Bytes one address, and one browser session, may keep staged in forms not yet submitted.
STAGED_MAX_BYTES_PER_ADDRESS = env.positive_int("STAGED_MAX_MB_PER_ADDRESS", default=2048) * MB
STAGED_MAX_BYTES_PER_SESSION = env.positive_int("STAGED_MAX_MB_PER_SESSION", default=1024) * MB
# Failed submissions from one address within an hour before a captcha is asked, even without cookies.
CAPTCHA_AFTER_FAILURES_PER_ADDRESS = env.positive_int("CAPTCHA_AFTER_FAILURES_PER_ADDRESS", default=10)
# Failed submissions in one session before a captcha is asked.
CAPTCHA_AFTER_FAILURES = env.positive_int("CAPTCHA_AFTER_FAILURES", default=3)

SMS_BACKEND = env.str("SMS_BACKEND", default="notifications.sms.ConsoleBackend")
SMS_HTTP_URL = env.str("SMS_HTTP_URL", default="")
SMS_HTTP_TOKEN = env.str("SMS_HTTP_TOKEN", default="")
SMS_HTTP_TIMEOUT = env.positive_int("SMS_HTTP_TIMEOUT", default=10)
ALIYUN_SMS_ACCESS_KEY_ID = env.str("ALIYUN_SMS_ACCESS_KEY_ID", default="")
ALIYUN_SMS_ACCESS_KEY_SECRET = env.str("ALIYUN_SMS_ACCESS_KEY_SECRET", default="")
# A host name (HTTPS), or a URL such as http://127.0.0.1:8080 for a local stand-in.
ALIYUN_SMS_ENDPOINT = env.str("ALIYUN_SMS_ENDPOINT", default="dysmsapi.aliyuncs.com")
ALIYUN_SMS_SIGN_NAME = env.str("ALIYUN_SMS_SIGN_NAME", default="")
# event -> Aliyun template code, e.g. "verification_code=SMS_123,accepted=SMS_456"
ALIYUN_SMS_TEMPLATES = env.dict("ALIYUN_SMS_TEMPLATES", default={})
# No SMS between these hours (Asia/Shanghai) except verification codes; they wait until the end.
SMS_QUIET_START = env.int("SMS_QUIET_START", default=21)
SMS_QUIET_END = env.int("SMS_QUIET_END", default=8)
NOTICE_MAX_ATTEMPTS = env.positive_int("NOTICE_MAX_ATTEMPTS", default=5)
NOTICE_RETRY_SECONDS = env.positive_int("NOTICE_RETRY_SECONDS", default=30)
# Absolute links in notices.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Shared between processes (rate limits, captcha): the database by default, Redis in production
# (CACHE_URL=rediscache://127.0.0.1:6379/1).
CACHES = {
    "default": env.cache_url("CACHE_URL", default="dbcache://django_cache"),
    # What {% cache %} keeps by default, in each process (no network on a hit): page parts that
    # are the same for every visitor (a blank filing form, the language menu). They change only
    # with a new release, which restarts the processes.
    "template_fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "template-fragments",
        "TIMEOUT": None,
    },
    # The parts of tracking pages, keyed by what they show (so never stale): in each process by
    # default, in Redis in production (PAGE_CACHE_URL=rediscache://127.0.0.1:6379/4), where all
    # the workers share them. RELEASE (e.g. the commit) keeps a new release from serving parts
    # an older one built.
    "pages": env.cache_url("PAGE_CACHE_URL", default="locmemcache://pages"),
}
CACHES["pages"]["KEY_PREFIX"] = env.str("RELEASE", default="")
# Page parts can always be built again, and only counters live in the default cache (rate limits,
# upload caps, failed tries): when Redis does not answer, a read misses and a write is skipped
# (logged), so a page is built as if nothing were cached and people are let through rather than
# every filing refused while it is down.
fail_open(CACHES["default"])
fail_open(CACHES["pages"])
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Complaint Desk <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


CELERY_BROKER_URL = env.url_of(
    "CELERY_BROKER_URL",
    default="redis://127.0.0.1:6379/0",
    schemes=("redis", "rediss", "amqp", "pyamqp", "filesystem", "memory"),
)
if CELERY_BROKER_URL.startswith("filesystem://"):
    # Celery's file transport: messages are files in one shared folder.
    _queue = VAR_DIR / "celery" / "queue"
    _queue.mkdir(parents=True, exist_ok=True)
    (VAR_DIR / "celery" / "processed").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
    }
CELERY_TIMEZONE = TIME_ZONE
# Workers and beat log through LOGGING (JSON lines, masked) instead of Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# django-celery-beat's schedules, sent only by the beat that holds a lock in Redis (config.beat).
CELERY_BEAT_SCHEDULER = "config.beat:SingleBeatScheduler"
# How long the lock lives without renewal: a second beat takes over this long after the first stops.
BEAT_LOCK_SECONDS = env.positive_int("BEAT_LOCK_SECONDS", default=30)
# A request must not hang when the broker is down: the notice stays pending and the
# minute-by-minute dispatch sends it once the broker is back.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2

# Who may read /metrics (config.metrics): the Prometheus scraper's addresses.
METRICS_ALLOWED_ADDRESSES = env.list("METRICS_ALLOWED_ADDRESSES", default=["127.0.0.1", "::1"])

# Complaint numbers read over the phone: PREFIX-YYYYMMDD-NNNNNN.
COMPLAINT_NUMBER_PREFIX = env.str("COMPLAINT_NUMBER_PREFIX", default="TS")
# "Due soon" in staff queues: within this many working days.
DUE_SOON_WORKING_DAYS = env.positive_int("DUE_SOON_WORKING_DAYS", default=3)

IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
PHONENUMBER_DEFAULT_REGION = "CN"
PHONENUMBER_DB_FORMAT = "E164"

DJANGO_FSM_LOG_STORAGE_METHOD = "django_fsm_log.backends.SimpleBackend"

LOGIN_URL = "admin:login"

# Failed logins (the admin and the company pages): after AXES_FAILURE_LIMIT failures for one
# user name (from anywhere), or from one address (for any names), that name, or that address,
# is refused for AXES_COOLOFF_HOURS (django-axes). The address is the client's as
# config.client_ip reads it behind TRUSTED_PROXY_HOPS proxies.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.positive_int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.positive_int("LOGIN_COOLOFF_HOURS", default=1)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "locked_out.html"
AXES_VERBOSE = False
# The admin asks supervisors and superusers for a second factor (an authenticator app's code,
# or a recovery code) after the password; SECOND_FACTOR_ROLES adds other staff roles by name
# ("Intake officer", "Case handler", "Director").
SECOND_FACTOR_ROLES = ["Supervisor", *env.list("SECOND_FACTOR_ROLES", default=[])]
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Complaint Desk")
# Nobody, superusers included, reads another staff member's authenticator key or recovery codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# A session (staff and company users signed in, a visitor's form in progress) ends this many
# hours after it began.
SESSION_COOKIE_AGE = env.positive_int("SESSION_HOURS", default=8) * 3600

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        # One JSON object a line, with the request id, and without personal data (config.logs).
        "json": {"()": "config.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": env.str("LOG_FORMAT", default="json")}
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Failed and locked-out sign-ins are warnings; each success is not worth a line.
        "axes": {"level": "WARNING"},
        # Probes run every few seconds: a failing check shows in its 503; only crashes are logged.
        "health_check": {"level": "ERROR"},
        # WeasyPrint tells of every font and step while it makes a statement's PDF.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
