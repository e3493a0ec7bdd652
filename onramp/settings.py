"""Onramp settings. Every value comes from the environment through ``onramp.env``.

The README's settings table lists each variable; keep the two in step.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.utils.csp import CSP

from onramp.env import (
    audit_checkpoint_file,
    audit_checkpoint_minutes,
    audit_key,
    encryption_keys,
    env_bool,
    env_database,
    env_int,
    env_list,
    env_replica_database,
    env_str,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("ONRAMP_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = secret_key(VAR_DIR)
# Encrypts secrets kept in the database (two-factor keys); separate from SECRET_KEY so either can be rotated.
ENCRYPTION_KEYS = encryption_keys(VAR_DIR)
# Signs the audit trail's hash chain (HMAC); kept off the database so that its administrators cannot re-sign it.
AUDIT_KEY = audit_key(VAR_DIR)
AUDIT_CHECKPOINT_FILE = audit_checkpoint_file()
AUDIT_CHECKPOINT_MINUTES = audit_checkpoint_minutes()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

PROGRAMME_NAME = env_str("ONRAMP_PROGRAMME_NAME", "Onramp")
# Where people are told to write about accessibility problems.
ACCESSIBILITY_CONTACT = env_str("ONRAMP_ACCESSIBILITY_CONTACT", "accessibility@onramp.example")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "onramp.core",
    "onramp.accounts",
    "onramp.geography",
    "onramp.participants",
    "onramp.journey",
    "onramp.plans",
    "onramp.training",
    "onramp.recruitment",
    "onramp.checks",
    "onramp.support",
    "onramp.grants",
    "onramp.notifications",
    "onramp.exchange",
    "onramp.evaluation",
    "onramp.portal",
    "onramp.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "onramp.core.middleware.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "onramp.core.request_cache.RequestCacheMiddleware",
    "onramp.core.middleware.LoginRequiredMiddleware",
    "onramp.core.middleware.AuditContextMiddleware",
    "onramp.core.viewlog.ViewLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

# Retention: personal details are erased (the journey kept, pseudonymised) this many years after last contact.
RETENTION_YEARS = env_int("ONRAMP_RETENTION_YEARS", 6)

# How many reverse proxies sit in front of Onramp (0: none); the audit trail reads the client's address from
# X-Forwarded-For only through that many.
TRUSTED_PROXY_COUNT = env_int("ONRAMP_TRUSTED_PROXY_COUNT", 0)

ROOT_URLCONF = "onramp.urls"
WSGI_APPLICATION = "onramp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "onramp" / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "onramp.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "onramp.site.context.site",
            ],
        },
    },
]
FORM_RENDERER = "onramp.core.forms.NHSFormRenderer"

DATABASES = {"default": env_database("DATABASE_URL", VAR_DIR / "onramp.sqlite3").as_django()}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(str(DATABASES["default"]["NAME"])).parent.mkdir(parents=True, exist_ok=True)
# A read replica for reports (docs/scaling.md): only reads inside onramp.core.routers.replica_reads() use it.
if _replica := env_replica_database("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = _replica.as_django() | {"TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["onramp.core.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["onramp.accounts.backends.EmailOrUsernameBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Two-factor sign-in (TOTP) for everyone but young people; off only in demo mode (`onramp demo` sets it).
DEMO_MODE = env_bool("ONRAMP_DEMO_MODE", default=False)
TWO_FACTOR_REQUIRED = env_bool("ONRAMP_TWO_FACTOR", default=not DEMO_MODE)

# Sign-in lockout: this many failures for one login within the window lock it (and four times as many from one
# address lock the address) until the window has passed.
LOCKOUT_ATTEMPTS = env_int("ONRAMP_LOCKOUT_ATTEMPTS", 5)
LOCKOUT_MINUTES = env_int("ONRAMP_LOCKOUT_MINUTES", 15)
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3  # three hours

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HTTPS settings belong to the deployment: the README says when to turn them on.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY", default=False) else None

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "https://assets.nhs.uk"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NHSUK_FRONTEND_DIR = BASE_DIR / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"
STATICFILES_DIRS = [("nhsuk", NHSUK_FRONTEND_DIR), BASE_DIR / "onramp" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or "pytest" in sys.modules
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or "pytest" in sys.modules

# App servers keep nothing between requests: sessions, the sign-in lockout (counted from the audit trail) and
# background tasks all live in the database, so any number of `onramp serve` processes behave as one. Nothing
# uses a cache; it is a dummy so that nothing can start to rely on one process's memory by accident.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Finished tasks' rows (which carry only ids) are deleted after this many days by `onramp serve`'s worker, hourly.
TASK_RESULTS_KEEP_DAYS = env_int("ONRAMP_TASK_RESULTS_KEEP_DAYS", 7)

# E-mail: GOV.UK Notify when a key is set, SMTP when a host is set, else the console.
NOTIFY_API_KEY = env_str("NOTIFY_API_KEY", "")
NOTIFY_EMAIL_TEMPLATE_ID = env_str("NOTIFY_EMAIL_TEMPLATE_ID", "")
# Text messages go only through Notify: a template whose body is ((body)). Without it, a young person who asked
# for text messages is sent e-mail instead (when they have an address).
NOTIFY_SMS_TEMPLATE_ID = env_str("NOTIFY_SMS_TEMPLATE_ID", "")
EMAIL_SMTP_HOST = env_str("EMAIL_HOST", "")
MAILERS: dict[str, dict[str, object]]
if NOTIFY_API_KEY:
    MAILERS = {"default": {"BACKEND": "onramp.core.notify.NotifyEmailBackend"}}
elif EMAIL_SMTP_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_SMTP_HOST,
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Onramp <no-reply@onramp.example>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
CSRF_FAILURE_VIEW = "onramp.core.views.csrf_failure"
