"""Production: everything from the environment (docs/production.md lists the variables).

Scaling out: DATABASE_URL (PostgreSQL) with DATABASE_REPLICA_URL for reads, SEARCH_URL with
several comma-separated engine nodes, REDIS_URL for the cache every application server shares,
AWS_STORAGE_BUCKET_NAME (+ AWS_S3_ENDPOINT_URL) for media on S3-compatible storage, and the
database task queue, which any number of `manage.py db_worker` processes drain.
"""

import os
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = False
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("Set SECRET_KEY in the environment.")
if "DATABASE_URL" not in os.environ:
    raise ImproperlyConfigured("Set DATABASE_URL in the environment (PostgreSQL).")

# --- database: a primary, and optionally a read replica ------------------------------------
_conn_max_age = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5  # noqa: F405
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(  # noqa: F405
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=_conn_max_age, conn_health_checks=True
    )
    DATABASES["replica"].setdefault("OPTIONS", {})["connect_timeout"] = 5  # noqa: F405
    DATABASE_ROUTERS = ["ops.routers.ReplicaRouter"]

# --- HTTPS and the proxy in front ----------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer polls over plain HTTP
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Behind a proxy that terminates TLS: SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https".
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = tuple(env_list("SECURE_PROXY_SSL_HEADER"))
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST")
WAGTAIL_2FA_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)

# --- caching and static files -------------------------------------------------------------
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# Hashed file names (CompressedManifestStaticFilesStorage, in base): cached for a year.
WHITENOISE_MAX_AGE = 365 * 24 * 3600 if env_bool("WHITENOISE_LONG_CACHE", True) else 60
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# --- media on S3-compatible storage --------------------------------------------------------
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            # Media is public (images, documents); private files would need signed URLs.
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    _media_origin = (
        os.environ.get("AWS_S3_CUSTOM_DOMAIN")
        or urlsplit(os.environ.get("AWS_S3_ENDPOINT_URL", "https://s3.amazonaws.com")).netloc
    )
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(f"https://{_media_origin}")  # noqa: F405

# --- logs: one JSON object a line, for the log collector ------------------------------------
LOGGING["formatters"] = {"json": {"()": "ops.logging.JSONFormatter"}}  # noqa: F405
LOGGING["handlers"]["console"]["formatter"] = "json"  # noqa: F405
