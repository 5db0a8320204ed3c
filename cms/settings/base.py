"""Settings shared by every environment; whatever differs per machine comes from the environment."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "home",
    "services",
    "courses",
    "events",
    "associations",
    "search",
    # Before wagtail_localize: its admin URLs are wrapped with page-permission checks.
    "translations",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales: adds tree synchronisation
    "wagtail_modeladmin",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
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
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.demo_site",
            ],
        },
    },
]

# SQLite is the zero-setup default; CI and production set DATABASE_URL to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Italian is the source; the others follow the territory's largest communities.
LANGUAGE_CODE = "it"
LANGUAGES = [
    ("it", "Italiano"),
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
    ("ur", "اردو"),
    ("zh-hans", "简体中文"),
    ("uk", "Українська"),
    ("sq", "Shqip"),
    ("pa", "ਪੰਜਾਬੀ"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# The admin itself is offered in the languages Wagtail ships translations for.
WAGTAILADMIN_PERMITTED_LANGUAGES = [
    (code, name)
    for code, name in LANGUAGES
    if code in {"it", "en", "fr", "es", "ar", "uk", "zh-hans"}
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATICFILES_DIRS = [
    BASE_DIR / "cms" / "static",
    # Leaflet from npm (package.json), served from our own origin: no third-party requests.
    ("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Terre di Inclusione <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

WAGTAIL_SITE_NAME = "Terre di Inclusione"
# A site running on demo content shows a banner: its addresses and phone numbers are invented.
DEMO_SITE = env_bool("DEMO_SITE")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "xlsx", "ods", "txt", "csv"]

# Search: an Elasticsearch or OpenSearch engine at SEARCH_URL, with Wagtail's database backend
# kept up to date beside it so that search still answers when the engine is down.
SEARCH_URL = os.environ.get("SEARCH_URL", "")
# "auto" asks the server what it is; or one of opensearch2, opensearch3, elasticsearch8/9.
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "auto")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if SEARCH_URL:
    WAGTAILSEARCH_BACKENDS["database"] = WAGTAILSEARCH_BACKENDS["default"]
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": f"search.backends.{SEARCH_BACKEND}",
        "URLS": env_list("SEARCH_URL"),
        "INDEX_PREFIX": os.environ.get("SEARCH_INDEX_PREFIX", "tdi_"),
        "TIMEOUT": int(os.environ.get("SEARCH_TIMEOUT", "5")),
        # Fail fast when the engine is down: the database backend answers instead.
        "OPTIONS": {"max_retries": 0, "retry_on_timeout": False},
    }

# Translating a page must not publish Italian text in another language's tree.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Wagtail logs every publish and django-tasks every task at INFO: too much for a console.
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # The search clients log every request at INFO.
        "opensearch": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
    },
}

# Machine translation in the translation editor: DeepL for the languages it supports, a
# self-hosted LibreTranslate for the others (docs/machine-translation.md). Read from DEEPL_API_KEY,
# DEEPL_API_URL, DEEPL_LANGUAGES, LIBRETRANSLATE_URL, LIBRETRANSLATE_API_KEY,
# LIBRETRANSLATE_LANGUAGES, LIBRETRANSLATE_LANGUAGE_CODES and MT_TIMEOUT. With neither service
# configured the setting is absent and the editor has no "Translate with …" button.
from translations.machine import translator_setting  # noqa: E402

_machine_translator = translator_setting(
    os.environ, languages=[code for code, _name in LANGUAGES], source_language=LANGUAGE_CODE
)
if _machine_translator:
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = _machine_translator
# wagtail-localize's view lets a translator's exceptions through: this shows a service's failure
# as a message in the editor instead of a server error.
MIDDLEWARE = [*MIDDLEWARE, "translations.machine.MachineTranslationErrorMiddleware"]
