"""Settings shared by every environment. Deployment-specific values come from the environment."""

from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from cur import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env.get_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
DEBUG = env.get_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env.get_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.get_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "cur",
    "sectors",
    "feedback",
    "ratings",
    "roadmap",
    "portal",
]

MIDDLEWARE = [
    "cur.protocols.ProtocolBoundaries",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cur.middleware.RussianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "cur.security_headers.SecurityHeaders",
    "ratings.middleware.FoldStatsOncePerRequest",
    # Last, as django-axes asks: it turns its lockout signal into the portal's lockout page.
    "axes.middleware.AxesMiddleware",
]

# Everything a page uses comes from the portal itself (closed government networks), and no page
# runs inline script: a resident's text that slipped through escaping could not execute.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws checkboxes and select arrows with data: SVG images.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# The URL map assembles every app: it belongs to the top layer.
ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "cur.wsgi.application"

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
                "django.template.context_processors.i18n",
                "cur.context_processors.portal",
                "portal.context_processors.new_items",
            ],
        },
    },
]

DATABASES = {"default": env.database_from_url("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.get_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "cur.User"
# django-axes first: it counts failed sign-ins (the portal's form and /admin/login/) and refuses
# a locked account or address before the password is even checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
# Counted separately per account and per address: guessing one account's password and trying one
# password on many accounts are both stopped. A successful sign-in clears the account's count.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = env.get_int("CUR_LOGIN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = env.get_int("CUR_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cur.views.login_lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "cur.client_ip.client_ip"
AXES_USERNAME_CALLABLE = "cur.client_ip.login_username"
# The database keeps the attempts: sign-in keeps working while Redis is down.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# Behind a reverse proxy the client's address is the proxy's; the deployer says how many proxies
# append to X-Forwarded-For (0: the portal faces clients directly and the header is ignored).
CUR_TRUSTED_PROXY_COUNT = env.get_int("CUR_TRUSTED_PROXY_COUNT", 0, minimum=0)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Russian first: source strings are Russian, English is available through gettext catalogs.
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Русский")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# The region's time zone: deadlines and "today" are counted in it.
TIME_ZONE = env.get_time_zone("CUR_TIME_ZONE", "Europe/Moscow")
FORMAT_MODULE_PATH = ["cur.formats"]
# The statistics trigger counts days and months in the region's zone: every connection says which.
DATABASES["default"]["OPTIONS"]["options"] = f"-c cur.time_zone={TIME_ZONE}"
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M"]

CUR_REGION_NAME = env.get_str("CUR_REGION_NAME", "Тверская область")
# The portal's address as people open it: links in e-mails point here.
CUR_PUBLIC_URL = env.get_str("CUR_PUBLIC_URL", "http://127.0.0.1:8000/")

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.get_str("CUR_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Trained classifier versions (joblib files); not under MEDIA_ROOT: they are never served.
CLASSIFIER_MODEL_DIR = Path(env.get_str("CUR_CLASSIFIER_DIR", str(BASE_DIR / "var" / "classifier")))
# New messages get a suggestion, a tone check and (where the head allowed) auto-routing.
CUR_ANALYSE_ON_INTAKE = env.get_bool("CUR_ANALYSE_ON_INTAKE", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

REDIS_URL = env.redis_url("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "cur",
    }
}

CELERY_BROKER_URL = env.celery_broker_url(REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    # Changes to messages wait in a log until folded into the statistics rollups (ratings.services.stats).
    "fold-stats": {
        "task": "ratings.tasks.fold_stats",
        "schedule": 10.0,
    },
    "refresh-overdue-flags": {
        "task": "feedback.tasks.refresh_deadline_flags",
        "schedule": crontab(minute="*/10"),
    },
    "deadline-reminders": {
        "task": "feedback.tasks.send_deadline_reminders",
        "schedule": crontab(hour=8, minute=30, day_of_week="mon-fri"),
    },
    # The suggestion learns from the week's operator decisions; a new version waits for the head.
    "classifier-weekly": {
        "task": "feedback.tasks.train_classifiers_weekly",
        "schedule": crontab(day_of_week="sun", hour=3, minute=0),
    },
    # Messages whose analysis task (suggestion, tone, auto-routing) the broker lost.
    "analyse-missed-messages": {
        "task": "feedback.tasks.analyse_missed_messages",
        "schedule": crontab(minute="*/10"),
    },
    # Ids queued by intake whose draining task the broker lost (cur.id_queue): a no-op when none are.
    "drain-analysis-queue": {
        "task": "feedback.tasks.analyse_queued_messages",
        "schedule": 60.0,
    },
    "drain-routed-notices-queue": {
        "task": "feedback.tasks.notify_agencies_of_queued_routed_messages",
        "schedule": 60.0,
    },
    # Webhook deliveries whose scheduled attempt the broker lost.
    "webhook-sweep": {
        "task": "feedback.tasks.sweep_webhook_deliveries",
        "schedule": crontab(minute="*/5"),
    },
    # Several residents of one house about one thing: the operators and the sector's lead are told.
    "mass-problem-notifications": {
        "task": "feedback.tasks.notify_mass_problem_suggestions",
        "schedule": crontab(minute="*/10"),
    },
    # A category growing sharply in a municipality: the head and the sector's lead get a notification.
    "growth-notifications": {
        "task": "ratings.tasks.notify_growth_alerts",
        "schedule": crontab(minute=20),
    },
    # The previous month's rating, once the last day's deadline flags have been refreshed.
    "monthly-rating": {
        "task": "ratings.tasks.compute_monthly_rating",
        "schedule": crontab(day_of_month=1, hour=2, minute=30),
    },
    # The previous month's draft report to the governor, after that month's ratings.
    "governor-report-draft": {
        "task": "ratings.tasks.generate_monthly_draft",
        "schedule": crontab(day_of_month=1, hour=5, minute=0),
    },
}

EMAIL_BACKEND = env.get_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.get_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env.get_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env.get_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.get_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "cur@localhost")
# The ЦУР's mailbox read by the e-mail channel adapter (feedback.adapters.mail); polled only when
# a host is set.
CUR_IMAP_HOST = env.get_str("CUR_IMAP_HOST", "")
CUR_IMAP_PORT = env.get_int("CUR_IMAP_PORT", 993, minimum=1)
CUR_IMAP_USER = env.get_str("CUR_IMAP_USER", "")
CUR_IMAP_PASSWORD = env.get_str("CUR_IMAP_PASSWORD", "")
CUR_IMAP_FOLDER = env.get_str("CUR_IMAP_FOLDER", "INBOX")
CUR_IMAP_CHANNEL = env.get_str("CUR_IMAP_CHANNEL", "email")
if CUR_IMAP_HOST:
    CELERY_BEAT_SCHEDULE["poll-mailbox"] = {"task": "feedback.tasks.poll_mailbox", "schedule": crontab(minute="*/5")}
# Channel feeds polled by Celery beat (feedback.adapters.feeds): «pos=https://…,social=https://…».
# The kinds are those of feedback.adapters.feeds.KINDS (settings cannot import the app).
CUR_FEEDS = env.get_feeds("CUR_FEEDS", kinds=("pos", "social"))
CUR_FEEDS_EVERY_MINUTES = env.get_int("CUR_FEEDS_EVERY_MINUTES", 5, minimum=1)
if CUR_FEEDS:
    CELERY_BEAT_SCHEDULE["poll-feeds"] = {"task": "feedback.tasks.poll_feeds", "schedule": CUR_FEEDS_EVERY_MINUTES * 60.0}
# Who receives the final monthly report to the governor by e-mail (comma-separated), besides the
# addresses the head keeps on the reports page.
CUR_REPORT_RECIPIENTS = env.get_list("CUR_REPORT_RECIPIENTS", [])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.get_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every layout step at INFO: the report's own log says what matters.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes logs every failed sign-in at INFO; the lockouts (WARNING) are what matters.
        "axes": {"level": "WARNING"},
    },
}


# REST API for integrated systems (feedback.api): tokens per system, JSON only, Russian errors.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["feedback.api.auth.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["feedback.api.permissions.HasScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["feedback.api.parsers.LimitedJSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["feedback.api.throttles.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api_token": env.get_str("CUR_API_RATE", "600/min")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "feedback.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
API_MAX_BODY_BYTES = env.get_int("CUR_API_MAX_BODY_BYTES", 5 * 1024 * 1024, minimum=1)
API_MAX_BATCH_ITEMS = env.get_int("CUR_API_MAX_BATCH_ITEMS", 1000, minimum=1)
# Django refuses bodies over this before any view sees them (with an HTML 400); the API's own limit
# must be the one that speaks, so Django's is never the lower of the two.
DATA_UPLOAD_MAX_MEMORY_SIZE = max(2_621_440, API_MAX_BODY_BYTES)
# Paths whose errors are answered in the protocol's format (cur.protocols), not as HTML pages.
CUR_PROTOCOLS = {
    "/api/": {"errors": "feedback.api.errors.protocol_error", "max_body_bytes": API_MAX_BODY_BYTES},
    "/open311/": {"errors": "feedback.open311.protocol_errors.protocol_error"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API ЦУР: сообщения жителей",
    "DESCRIPTION": (
        "Приём сообщений из внешних систем, их состояние и история, ответы органов, лента изменений. "
        "Авторизация: заголовок «Authorization: Token <токен>» (или Bearer)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}
API_CHANGES_LAG_SECONDS = env.get_int("CUR_API_CHANGES_LAG_SECONDS", 10, minimum=0)
# Open311 GeoReport v2 lets anyone read service requests; under 152-ФЗ the portal does not unless
# the deployer turns it on, and then shows no author data and masks personal data in the text.
CUR_OPEN311_PUBLIC_READ = env.get_bool("CUR_OPEN311_PUBLIC_READ", False)
# Agencies' webhook receivers are outside systems: loopback, private, link-local and metadata
# addresses are refused unless their network is listed here (e.g. «10.20.0.0/16» for a ministry's LAN).
CUR_WEBHOOK_ALLOWED_NETWORKS = env.get_list("CUR_WEBHOOK_ALLOWED_NETWORKS", [])
