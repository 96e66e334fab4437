"""Every setting, safe for production. dev.py and test.py only set environment defaults."""

from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from .env import env, env_bool, env_int, env_list

# Generic Django classes take their type argument at run time too (FormView[SomeForm]), as
# mypy with django-stubs asks for in the strictly typed apps.
django_stubs_ext.monkeypatch()

SRC_DIR = Path(__file__).resolve().parents[2]
BASE_DIR = SRC_DIR.parent
PACKAGE_DIR = SRC_DIR / "stabiel"

SECRET_KEY = env("SECRET_KEY", help="Long random secret for signing sessions and links. Required.")
DEBUG = env_bool("DEBUG", False, help="Show error pages with details. Never on in production.")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "", help="Comma-separated host names this server answers to."
)
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", "", help="Comma-separated origins (https://host) trusted for forms."
)

# Keyed hash for pseudonyms. Kept outside the database on purpose: whoever holds a database dump
# cannot recompute a pseudonym from a BSN without it.
PSEUDONYM_KEY = env(
    "PSEUDONYM_KEY",
    help="Secret key for pseudonymising BSN and addresses. Required; never store it in the database.",
)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "stabiel.core",
    "stabiel.accounts",
    "stabiel.catalogue",
    "stabiel.residents",
    "stabiel.signals",
    "stabiel.rules",
    "stabiel.privacy",
    "stabiel.cases",
    "stabiel.meetings",
    "stabiel.supporters",
    "stabiel.correspondence",
    "stabiel.earlywarning",
    "stabiel.safety",
    "stabiel.plans",
    "stabiel.practices",
    "stabiel.inventory",
    "stabiel.assessment",
    "stabiel.insights",
    "stabiel.knowresidents",
    "stabiel.plainlanguage",
    "stabiel.home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks the session that passed the second factor; the next one sends anyone who still
    # needs it to the code page.
    "django_otp.middleware.OTPMiddleware",
    "stabiel.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it answers a locked-out login with our own page.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a login attempt while the account or address is locked out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Municipal single sign-on; answers only a callback from the provider, and only when
    # OIDC_ENABLED is on.
    "stabiel.accounts.sso.MunicipalOIDCBackend",
]
AXES_FAILURE_LIMIT = env_int(
    "LOGIN_FAILURE_LIMIT",
    5,
    help="Failed logins for one user name from one address before the login is locked.",
)
AXES_COOLOFF_TIME = (
    env_int("LOGIN_LOCKOUT_MINUTES", 15, help="Minutes a locked login stays locked.") / 60
)
# Lock the pair (user name, address): one attacker cannot lock a colleague out from elsewhere,
# and guessing many names from one address is still slowed per name.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no banner on every management command
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Behind the load balancer the client's address comes from X-Forwarded-For (docs/deployment.md).
AXES_IPWARE_PROXY_COUNT = env_int(
    "PROXY_COUNT", 0, help="Number of proxies (load balancers) in front of the application."
)
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Second factor (TOTP, django-otp) for every role that sees personal data, after a local
# password. Logins through the municipality's identity provider are not asked: it does that.
TWO_FACTOR_REQUIRED = env_bool(
    "TWO_FACTOR_REQUIRED",
    True,
    help="Ask a code from an authenticator app after the password, for roles that see personal "
    "data. Off only in the demo and the tests.",
)
OTP_TOTP_ISSUER = env(
    "TWO_FACTOR_ISSUER",
    "Stabiel",
    help="Name the authenticator app shows next to the code (e.g. Stabiel Gemeente Utrecht).",
)

# Municipal single sign-on by OpenID Connect (mozilla-django-oidc), switched off by default.
OIDC_ENABLED = env_bool(
    "OIDC_ENABLED",
    False,
    help="Offer 'Inloggen via uw gemeente' through the municipality's identity provider (OpenID "
    "Connect). Needs the OIDC_* settings below.",
)
OIDC_OP_AUTHORIZATION_ENDPOINT = env(
    "OIDC_OP_AUTHORIZATION_ENDPOINT", "", help="Identity provider: authorization endpoint URL."
)
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", "", help="Identity provider: token URL.")
OIDC_OP_USER_ENDPOINT = env(
    "OIDC_OP_USER_ENDPOINT", "", help="Identity provider: userinfo endpoint URL."
)
OIDC_OP_JWKS_ENDPOINT = env(
    "OIDC_OP_JWKS_ENDPOINT",
    "",
    help="Identity provider: URL of its public keys (JWKS), for RS256 and ES256 id_tokens.",
)
OIDC_OP_ISSUER = env(
    "OIDC_OP_ISSUER",
    "",
    help="Identity provider: its issuer (the 'issuer' of its /.well-known/openid-configuration). "
    "An id_token from any other issuer is refused.",
)
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", "", help="Client ID Stabiel has at the provider.")
OIDC_RP_CLIENT_SECRET = env(
    "OIDC_RP_CLIENT_SECRET", "", help="Client secret Stabiel has at the provider. Never logged."
)
OIDC_RP_SIGN_ALGO = env(
    "OIDC_RP_SIGN_ALGO",
    "RS256",
    help="Signing algorithm of the provider's id_token: RS256 (keys from OIDC_OP_JWKS_ENDPOINT), "
    "ES256, or HS256 (signed with the client secret).",
)
OIDC_RP_SCOPES = env(
    "OIDC_RP_SCOPES", "openid email profile", help="Scopes Stabiel asks the provider for."
)
OIDC_ROLE_CLAIM = env(
    "OIDC_ROLE_CLAIM",
    "roles",
    help="Claim that holds the user's groups or roles at the provider; each value is mapped to a "
    "Stabiel role per municipality by the functional administrator.",
)
OIDC_MUNICIPALITY_CODE = env(
    "OIDC_MUNICIPALITY_CODE",
    "",
    help="CBS code (GM0344) of the municipality whose provider this is, when the provider does "
    "not send one in OIDC_MUNICIPALITY_CLAIM.",
)
OIDC_MUNICIPALITY_CLAIM = env(
    "OIDC_MUNICIPALITY_CLAIM",
    "",
    help="Claim with the CBS code of the user's municipality (a shared provider for a region). "
    "Empty: OIDC_MUNICIPALITY_CODE is used.",
)
OIDC_TIMEOUT = env_int(
    "OIDC_TIMEOUT_SECONDS", 10, help="Seconds Stabiel waits for the identity provider."
)
OIDC_USE_PKCE = True
OIDC_CREATE_USER = True
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso-callback"
OIDC_STORE_ID_TOKEN = False
OIDC_STORE_ACCESS_TOKEN = False

ROOT_URLCONF = "stabiel.urls"
WSGI_APPLICATION = "stabiel.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "stabiel.home.context_processors.stabiel",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env(
            "DATABASE_URL",
            f"sqlite:///{BASE_DIR / 'var' / 'stabiel.sqlite3'}",
            help="Database, e.g. postgres://user:pass@host:5432/stabiel. Default: SQLite under var/.",
        ),
        conn_max_age=env_int(
            "DATABASE_CONN_MAX_AGE", 60, help="Seconds a database connection is kept open."
        ),
        # A kept connection is checked before reuse, so a database restart costs one retry,
        # not an error on every server until its connections age out.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker write while a page reads; busy timeout instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        # 64 MB page cache: a monthly file is millions of rows.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "stabiel.accounts.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "stabiel.accounts.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "stabiel.accounts.password_validation.CommonPasswordValidator"},
    {"NAME": "stabiel.accounts.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions live in the database so any server behind the load balancer can serve any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int(
    "SESSION_TIMEOUT_SECONDS", 30 * 60, help="Log a user out after this many idle seconds."
)
SESSION_SAVE_EVERY_REQUEST = True  # idle timeout, not absolute
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

SECURE = env_bool(
    "SECURE_COOKIES",
    True,
    help="Send cookies only over HTTPS and set HSTS. Off only for local use.",
)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool(
    "SECURE_SSL_REDIRECT", False, help="Redirect http to https (when no proxy does it already)."
)
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("vendor/utrecht", NODE_MODULES / "@utrecht" / "component-library-css" / "dist"),
    (
        "vendor/tokens",
        NODE_MODULES / "@nl-design-system-unstable" / "voorbeeld-design-tokens" / "dist",
    ),
    # The example tokens ask for Noto Sans and Noto Serif: served from here, never a font host.
    ("vendor/noto-sans", NODE_MODULES / "@fontsource" / "noto-sans" / "files"),
    ("vendor/noto-serif", NODE_MODULES / "@fontsource" / "noto-serif" / "files"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# A municipality's own design tokens: a CSS file (URL) that defines the tokens, and the class
# on <body> that switches them on. Never bundle a token package whose licence is not open.
THEME_CSS_URL = env(
    "THEME_CSS_URL",
    "",
    help="URL of a municipality's own design-token CSS. Empty: the NL Design System example tokens.",
)
THEME_CLASS = env(
    "THEME_CLASS", "voorbeeld-theme", help="CSS class on <body> that activates the design tokens."
)

# A strict Content Security Policy (django-csp): the templates use no inline script or style, so
# none is allowed; only a municipality's own theme CSS may come from elsewhere.
_theme = urlparse(THEME_CSS_URL)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "style-src": [SELF]
        + ([f"{_theme.scheme}://{_theme.netloc}"] if _theme.scheme and _theme.netloc else []),
        "script-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
    }
}

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend",
    help="Django mail backend. Mail is off until EMAIL_HOST is set.",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost", help="SMTP server for invitations and reminders.")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "stabiel@localhost", help="Sender of mail.")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The cache holds the API's rate-limit counters. In the database, so that every application
# server behind the load balancer counts the same requests (the servers keep no state).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "stabiel_cache",
    }
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # The one DRF API is the partner API: a partner system's token, never a browser session
    # (so no CSRF door), JSON only (the browsable API needs inline script our CSP forbids).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "stabiel.signals.api.authentication.PartnerTokenAuthentication"
    ],
    "DEFAULT_PERMISSION_CLASSES": ["stabiel.signals.api.authentication.IsPartnerApiClient"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["stabiel.core.parsers.JSONParser"],
    # Per partner key: one busy or broken partner system cannot crowd out the others.
    "DEFAULT_THROTTLE_CLASSES": ["stabiel.signals.api.throttling.PartnerKeyRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "partner_key": env(
            "API_RATE_LIMIT",
            "600/min",
            help="Requests one partner key may make, e.g. 600/min or 20/s (429 beyond that).",
        )
    },
    # Every error as problem details (RFC 9457) in plain Dutch.
    "EXCEPTION_HANDLER": "stabiel.signals.api.exceptions.problem_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Stabiel partner-API",
    "DESCRIPTION": (
        "Partners (woningcorporatie, energieleverancier, zorgverzekeraar, politie, …) melden "
        "signalen aan de gemeente en lezen terug of een signaal is ontvangen of opgepakt. Het "
        "antwoord zegt nooit iets over het huishouden of de persoon."
    ),
    "VERSION": "1.0.0",  # also sent as the API-Version header (NLGov API-57)
    "LICENSE": {"name": "EUPL-1.2", "url": "https://eupl.eu/1.2/nl/"},
    # NLGov API Design Rules: a contact, and servers with the major version in the URL.
    "CONTACT": {
        "name": env(
            "API_CONTACT_NAME",
            "Functioneel beheer Stabiel",
            help="Name in the API description's contact (who partners ask about the API).",
        ),
        "email": env(
            "API_CONTACT_EMAIL",
            "stabiel@example.org",
            help="E-mail address in the API description's contact.",
        ),
        "url": env(
            "API_CONTACT_URL",
            "https://example.org/stabiel",
            help="Web page in the API description's contact.",
        ),
    },
    "SERVERS": [
        {
            "url": env(
                "API_SERVER_URL",
                "http://127.0.0.1:8000/api/v1",
                help="Public base URL of the partner API, ending in /api/v1 (the OpenAPI servers entry).",
            ),
            "description": "Partner-API, versie 1",
        }
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema is public, like the documentation page built from it.
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "ENUM_NAME_OVERRIDES": {
        "SignaalStatus": "stabiel.signals.api.serializers.SIGNAL_STATUS_CHOICES"
    },
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    "SCHEMA_PATH_PREFIX": r"/api/v\d+",
    "SCHEMA_PATH_PREFIX_TRIM": True,  # paths relative to the server URL, which holds /api/v1
    "TAGS": [
        {"name": "signalen", "description": "Signalen melden en hun status lezen."},
        {"name": "brieven", "description": "Een brief toetsen op taalniveau B1 (zonder sleutel)."},
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO", help="Log level.")},
}

# Aggregates never show a count below this number (small-cell suppression).
SMALL_NUMBER_THRESHOLD = env_int(
    "SMALL_NUMBER_THRESHOLD", 5, help="Counts below this number are hidden in every aggregate."
)
# Outcome figures and neighbourhood pictures for policy screens (issue 17 asks for 10); never
# lower than the general threshold.
INSIGHTS_SMALL_NUMBER_THRESHOLD = max(
    SMALL_NUMBER_THRESHOLD,
    env_int(
        "INSIGHTS_SMALL_NUMBER_THRESHOLD",
        10,
        help="Counts below this number are hidden in the outcome figures (insights); at least "
        "SMALL_NUMBER_THRESHOLD.",
    ),
)

# "Ken je inwoners" may fetch the Kerncijfers wijken en buurten from CBS StatLine (optional
# integration, off by default); without it the shipped recording and saved recordings still work.
CBS_STATLINE_ENABLED = env_bool(
    "CBS_STATLINE_ENABLED",
    False,
    help="Fetch neighbourhood figures from CBS StatLine (opendata.cbs.nl) when a policy adviser "
    "asks for them. Needs outgoing internet access.",
)

CSRF_FAILURE_VIEW = "stabiel.core.views.csrf_failure"

# Work-session invitation links stop working after this many days (plans).
PLANS_INVITATION_DAYS = env_int(
    "PLANS_INVITATION_DAYS", 30, help="Days an invitation link to a work session stays valid."
)
# Removed parts of a prevention plan can be restored for this many days, then the purge
# (manage.py plans_purge_removed) deletes them.
PLANS_RESTORE_DAYS = env_int(
    "PLANS_RESTORE_DAYS",
    30,
    help="Days a removed part of a prevention plan can be restored before the purge deletes it.",
)
# Letters via a supporter: the home page warns this many days before a mark ends.
SUPPORTER_MARK_REMINDER_DAYS = env_int(
    "SUPPORTER_MARK_REMINDER_DAYS",
    30,
    help="Days before a 'letters via a supporter' mark ends that workers are reminded.",
)

IMPORT_MAX_BYTES = env_int(
    "IMPORT_MAX_BYTES",
    300 * 1024 * 1024,
    help="Largest file (bytes) a partner or worker may upload.",
)
IMPORT_STALE_AFTER = env_int(
    "IMPORT_STALE_AFTER",
    15 * 60,
    help="SQLite only: seconds without progress after which a running import counts as interrupted.",
)
# Uploads larger than this go to a temporary file while the request is read, not to memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "stabiel.core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
