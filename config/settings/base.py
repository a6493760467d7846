"""Settings shared by every environment.

Everything that varies between machines is read from the environment and the
project's ``.env``, through ``config.env``. With
nothing set, Tremplin runs on its embedded default: SQLite in ``var/`` and
Celery's filesystem transport in ``var/celery/``, so that a real worker process
runs without any server installed (see docs/adr/0002-embedded-default.md).
"""

from pathlib import Path

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from config.env import PROJECT_ROOT, VAR_DIR, env

BASE_DIR = PROJECT_ROOT

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
# Former keys, comma-separated, while what they signed or encrypted is still around (sessions, TOTP secrets).
SECRET_KEY_FALLBACKS = [key.strip() for key in env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[]) if key.strip()]
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    # First, so that its templates (staff/templates/admin/) override the admin's own. Its admin registrations
    # (staff.admin) are imported once every app is ready.
    "staff.apps.StaffConfig",
    # Django's admin with the staff workspace's site (staff/admin_site.py).
    "staff.apps.TremplinAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Before allauth: its page layout is overridden by accounts/templates/allauth/layouts/base.html.
    "accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "import_export",
    "referentials",
    "employers",
    "candidates",
    "matching",
    "notifications",
    # The front doors beside the staff workspace: the employer portal, the partners' space, and the API, added
    # with its own settings (config/settings/api.py).
    "portal",
    "partners",
    "demo",
]

MIDDLEWARE = [
    # First: the probes of /health/ answer whatever the Host header, over plain HTTP, without a session.
    "config.health.HealthProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A Content-Security-Policy header on every response, with a fresh nonce (config/settings/security.py).
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.mfa.StaffTwoFactorMiddleware",
    # A portal view's 404 is the portal's page, with DEBUG on too (portal/errors.py).
    "portal.errors.PortalNotFoundMiddleware",
    # A user's write forgets the to-do total kept for their header (staff/todo/header_total.py).
    "staff.todo.header_total.TodoHeaderForgetOnWrite",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                # {{ csp_nonce }} and {% csp_nonce_attr %} for the rare inline <script> or <style>.
                "django.template.context_processors.csp",
            ],
        },
    },
    {
        # Long tables rendered inside Django templates (staff/jinja2_environment.py), found under each app's jinja2/
        # folder.
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "staff.jinja2_environment.environment"},
    },
]


# Django's form and widget templates rendered by Jinja2, any other by the Django template language
# (config/form_renderer.py).
FORM_RENDERER = "config.form_renderer.FormRenderer"


def database_from_environment() -> dict:
    """The default database: ``DATABASE_URL`` when set, else SQLite in WAL mode under ``var/``."""
    url = env.str("DATABASE_URL", default="")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "tremplin.sqlite3",
            # WAL lets the worker process write while the web process reads;
            # IMMEDIATE takes the write lock up front instead of failing mid-transaction.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    database = env.db_url_config(url)
    if database["ENGINE"] == "django.db.backends.postgresql":
        database.setdefault("OPTIONS", {})
        # Pages and tasks read small slices: starting parallel workers for one of their queries (a search's UNION, a
        # count) costs more than it saves (docs/benchmarks.md) and takes the cores other requests are waiting for.
        # Empty leaves the server's setting alone (a pooler such as PgBouncer may refuse startup options).
        parallel_workers = env.str("DATABASE_PARALLEL_WORKERS_PER_QUERY", default="0").strip()
        if parallel_workers:
            given = database["OPTIONS"].get("options", "")
            database["OPTIONS"]["options"] = (
                f"{given} -c max_parallel_workers_per_gather={int(parallel_workers)}".strip()
            )
        if env.bool("DATABASE_POOL", default=True):
            database["OPTIONS"]["pool"] = {
                "min_size": env.int("DATABASE_POOL_MIN", default=1),
                "max_size": env.int("DATABASE_POOL_MAX", default=10),
            }
    return database


DATABASES = {"default": database_from_environment()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: Redis when a URL is given, else the filesystem transport, whose folder
# is shared by every process of this checkout (producer and consumer alike).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL) or "filesystem://"
CELERY_FILESYSTEM_QUEUE_DIR = VAR_DIR / "celery" / "queue"
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_FILESYSTEM_QUEUE_DIR.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_FILESYSTEM_QUEUE_DIR),
        "data_folder_out": str(CELERY_FILESYSTEM_QUEUE_DIR),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
else:
    # A task left unacknowledged by a dead worker comes back after this delay.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
# A task is acknowledged once done, and given back to the queue if its worker dies: every task is idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Time limits stay well below the broker's visibility timeout, so a task is never delivered twice while it runs.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=900)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=1200)
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_DEFAULT_QUEUE = "tremplin"
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")
# Periodic tasks are declared here, statically: no database scheduler is needed.
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {
        "task": "matching.tasks.worker_heartbeat_record",
        "schedule": 60.0,
    },
    "matching-full-refresh-nightly": {
        "task": "matching.tasks.match_run_full_refresh",
        "schedule": crontab(hour=2, minute=30),
    },
    # Tasks promised after a commit and not taken by the broker then (notifications/outbox.py).
    "matching-tasks-to-send-flush": {
        "task": "notifications.tasks.tasks_to_send_flush",
        "schedule": 60.0,
    },
    # E-mail notices not sent yet (the mail server out of reach…), sent again with backoff (notice_delivery.py).
    "matching-notices-retry": {
        "task": "notifications.tasks.notices_retry",
        "schedule": 60.0,
    },
    # Ended sessions, and the admin searches they kept (staff/admin_search.py), are deleted every night.
    "sessions-clear-nightly": {
        "task": "accounts.tasks.sessions_clear",
        "schedule": crontab(hour=3, minute=45),
    },
    # Candidate import jobs (candidates/imports/jobs.py): a lost task sent again; jobs deleted after a day.
    "candidate-imports-reconcile": {
        "task": "candidates.tasks.candidate_import_jobs_reconcile",
        "schedule": 120.0,
    },
    "candidate-imports-purge": {
        "task": "candidates.tasks.candidate_import_jobs_purge",
        "schedule": 3600.0,
    },
    "matching-reconcile": {
        "task": "matching.tasks.match_run_reconcile",
        "schedule": 300.0,
    },
    # Interviews starting within 24 hours: each reminded once per interview time (a new time, a new reminder).
    "interview-reminders-hourly": {
        "task": "notifications.tasks.interview_reminders_send",
        "schedule": crontab(minute=5),
    },
    "follow-up-reminders-daily": {
        "task": "notifications.tasks.follow_up_reminders_send",
        "schedule": crontab(hour=7, minute=0),
    },
    "strong-suggestion-digest-daily": {
        "task": "notifications.tasks.strong_suggestion_digest_send",
        "schedule": crontab(hour=8, minute=0),
    },
    # The territorial reports' figures, rebuilt every hour (matching/reporting/facts.py); the pages say when.
    "columns-feed-prune-nightly": {
        "task": "matching.tasks.columns_feed_prune",
        "schedule": crontab(hour=4, minute=15),
    },
    "report-facts-hourly": {
        "task": "matching.tasks.report_facts_refresh",
        "schedule": crontab(minute=5),
    },
    "heartbeat-prune-nightly": {
        "task": "matching.tasks.worker_heartbeat_prune",
        "schedule": crontab(hour=3, minute=15),
    },
    "presentation-daily-digest": {
        "task": "notifications.tasks.presentation_daily_digest_send",
        "schedule": crontab(hour=7, minute=30),
    },
    # Employers who do not answer (docs/adr/0010-employer-deadlines.md): reminders, alerts and expiries at 9:00 on
    # working days (the deadlines count working days; an expiry due on a weekend waits for Monday), the recap on
    # Monday at 8:00, open needs without activity each working day at 8:30.
    "presentation-deadlines-working-days": {
        "task": "matching.tasks.presentation_deadlines_apply",
        "schedule": crontab(hour=9, minute=0, day_of_week="mon-fri"),
    },
    "employer-weekly-recap": {
        "task": "notifications.tasks.weekly_recaps_send",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon"),
    },
    "stale-needs-flag-daily": {
        "task": "matching.tasks.stale_needs_flag",
        "schedule": crontab(hour=8, minute=30, day_of_week="mon-fri"),
    },
    "need-message-daily-digest": {
        "task": "notifications.tasks.need_message_daily_digest_send",
        "schedule": crontab(hour=7, minute=35),
    },
    # Retention period (matching/retention.py): tell advisors 30 days ahead, then anonymise.
    "retention-notices-daily": {
        "task": "notifications.tasks.retention_notices_send",
        "schedule": crontab(hour=6, minute=0),
    },
    "retention-anonymise-daily": {
        "task": "matching.tasks.candidates_anonymise_expired",
        "schedule": crontab(hour=6, minute=30),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Where the wheels that carry the reference data are kept (see `make sources`).
# The occupation suggester narrows the job titles in memory (13 MB a process, 0.4 s to build on first use) rather
# than through pg_trgm: three times faster at p95 (docs/adr/0011-job-titles.md).
OCCUPATION_SUGGEST_IN_MEMORY = env.bool("OCCUPATION_SUGGEST_IN_MEMORY", default=True)
# The occupation suggester's semantic layer (the ``semantic`` extra): on when installed, its index built by
# ``load_referentials`` under this folder (docs/adr/0012-occupation-suggester-semantic-layer.md).
OCCUPATION_SEMANTIC_ENABLED = env.bool("OCCUPATION_SEMANTIC_ENABLED", default=True)
OCCUPATION_SEMANTIC_INDEX_DIR = Path(env.str("OCCUPATION_SEMANTIC_INDEX_DIR", default=str(VAR_DIR / "semantic")))
TREMPLIN_SOURCES_DIR = Path(env.str("TREMPLIN_SOURCES_DIR", default=str(VAR_DIR / "sources")))

# The demo data set (manage.py seed_demo) creates a superuser and staff logins: only the local and test settings
# allow it; elsewhere the command wants --i-know-this-is-not-production. Its logins get DEMO_PASSWORD, or a random
# password printed once.
DEMO_DATA_ALLOWED = False
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="")

# Matching: how many suggestions each need keeps, how proposals are spread, how a full refresh is split.
# A need keeps k × its openings left × the margin suggestions, at least MATCHING_SUGGESTIONS_PER_NEED and at most
# MATCHING_SUGGESTIONS_MAX_PER_NEED (matching.services.suggestions); proposals beyond them are stored too.
MATCHING_SUGGESTIONS_PER_NEED = env.int("MATCHING_SUGGESTIONS_PER_NEED", default=50)
MATCHING_SUGGESTIONS_MARGIN = env.float("MATCHING_SUGGESTIONS_MARGIN", default=1.5)
MATCHING_SUGGESTIONS_MAX_PER_NEED = env.int("MATCHING_SUGGESTIONS_MAX_PER_NEED", default=2000)
# How many near misses of a need are kept by name for each requirement missed, for staff to contact (all are counted).
MATCHING_NEAR_MISSES_PER_REQUIREMENT = env.int("MATCHING_NEAR_MISSES_PER_REQUIREMENT", default=25)
MATCHING_PROPOSALS_PER_OPENING = env.int("MATCHING_PROPOSALS_PER_OPENING", default=2)
MATCHING_MAX_PROPOSALS_PER_CANDIDATE = env.int("MATCHING_MAX_PROPOSALS_PER_CANDIDATE", default=2)
MATCHING_SHARD_SIZE = env.int("MATCHING_SHARD_SIZE", default=100)
# A full refresh's shards keep this many times each need's suggestions of its best pairs for the allocation that
# follows; the allocation scores again only the needs whose kept pairs cannot prove its optimum (ADR 0015).
MATCHING_ALLOCATION_LIST_MARGIN = env.int("MATCHING_ALLOCATION_LIST_MARGIN", default=4)
# Workers keep the candidates' columns between runs and reload only those the change feed names (PostgreSQL;
# matching.warm_columns, ADR 0014); they read them all again at least this often.
MATCHING_WARM_COLUMNS = env.bool("MATCHING_WARM_COLUMNS", default=True)
MATCHING_WARM_COLUMNS_MAX_AGE_SECONDS = env.int("MATCHING_WARM_COLUMNS_MAX_AGE_SECONDS", default=3600)

# How old the dashboard pages' figures may be, in seconds (staff/dashboard/cached.py); 0 computes them each time.
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=60)
# How long a list's count of 1,000 rows or more is kept (referentials/pagination.py); 0 counts at every page.
LIST_COUNT_CACHE_SECONDS = env.int("LIST_COUNT_CACHE_SECONDS", default=60)
# How long a searched word's occupations are kept (candidates/search.py); 0 asks the suggester each time.
CANDIDATE_SEARCH_OCCUPATIONS_CACHE_SECONDS = env.int("CANDIDATE_SEARCH_OCCUPATIONS_CACHE_SECONDS", default=3600)
# The to-do total in the staff pages' header, kept per user (staff/todo/header_total.py); 0 counts at every page.
TODO_HEADER_CACHE_SECONDS = env.int("TODO_HEADER_CACHE_SECONDS", default=60)

# After how many working days without an answer from the employer a presentation joins the to-do page
# (matching/todo_selectors.py).
TODO_EMPLOYER_SILENCE_WORKING_DAYS = env.int("TODO_EMPLOYER_SILENCE_WORKING_DAYS", default=5)


def mailers_from_url(url: str) -> dict:
    """The MAILERS setting for an e-mail URL such as ``smtp+tls://user:password@host:587`` or ``consolemail://``."""
    email = env.email_url_config(url)
    options = {
        "host": "EMAIL_HOST",
        "port": "EMAIL_PORT",
        "username": "EMAIL_HOST_USER",
        "password": "EMAIL_HOST_PASSWORD",
        "use_tls": "EMAIL_USE_TLS",
        "use_ssl": "EMAIL_USE_SSL",
    }
    is_smtp = "smtp" in email["EMAIL_BACKEND"]
    return {
        "default": {
            "BACKEND": email["EMAIL_BACKEND"],
            "OPTIONS": {name: email[key] for name, key in options.items() if is_smtp and email.get(key)},
        }
    }


# E-mail: the console locally; EMAIL_URL in production.
MAILERS = mailers_from_url(env.str("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Tremplin <no-reply@tremplin.example>")
# Links in e-mails point here. Locally, the address of `make run`, whose port is PORT (8000 by default).
PORT = env.int("PORT", default=8000)
TREMPLIN_BASE_URL = env.str("TREMPLIN_BASE_URL", default=f"http://127.0.0.1:{PORT}")

# The REST API (api.py); login, e-mail verification and two-factor authentication with django-allauth
# (authentication.py); the content security policy, sessions, cookies and private files (security.py).
from config.settings.api import *  # noqa: E402, F403
from config.settings.authentication import *  # noqa: E402, F403

# Secure links to candidates and the SMS that carry them (candidate_messages.py).
from config.settings.candidate_messages import *  # noqa: E402, F403
from config.settings.security import *  # noqa: E402, F403

INSTALLED_APPS += API_APPS  # noqa: F405
