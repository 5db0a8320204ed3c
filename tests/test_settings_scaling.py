"""Scaling out is configured from the environment alone: each service of docs/production.md,
set through its variable, shows up in the settings a server loads (no network needed)."""

import json
import logging
import subprocess
import sys

from django.conf import settings

from ops.logging import JSONFormatter

from . import production_settings


def test_postgresql_with_a_read_replica():
    loaded = production_settings.load(
        ["DATABASES", "DATABASE_ROUTERS"],
        DATABASE_REPLICA_URL="postgres://reader:secret@replica.internal:5432/terre",
    )
    primary, replica = loaded["DATABASES"]["default"], loaded["DATABASES"]["replica"]
    assert primary["ENGINE"] == replica["ENGINE"] == "django.db.backends.postgresql"
    assert (primary["HOST"], replica["HOST"]) == ("db.internal", "replica.internal")
    assert replica["OPTIONS"]["connect_timeout"] == 5
    assert loaded["DATABASE_ROUTERS"] == ["ops.routers.ReplicaRouter"]


def test_without_a_replica_there_is_no_router():
    loaded = production_settings.load(["DATABASES", "DATABASE_ROUTERS"])
    assert list(loaded["DATABASES"]) == ["default"]
    assert loaded["DATABASE_ROUTERS"] is None


def test_a_search_cluster_of_several_nodes():
    loaded = production_settings.load(
        ["WAGTAILSEARCH_BACKENDS"],
        SEARCH_URL="https://search-1.internal:9200,https://search-2.internal:9200",
        SEARCH_BACKEND="opensearch2",
    )
    backends = loaded["WAGTAILSEARCH_BACKENDS"]
    assert backends["default"]["BACKEND"] == "search.backends.opensearch2"
    assert backends["default"]["URLS"] == [
        "https://search-1.internal:9200",
        "https://search-2.internal:9200",
    ]
    # The database backend stays beside it, for when the cluster does not answer.
    assert backends["database"]["BACKEND"] == "wagtail.search.backends.database"


def test_redis_as_the_shared_cache():
    loaded = production_settings.load(["CACHES"], REDIS_URL="redis://cache.internal:6379/1")
    cache = loaded["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/1"


def test_without_redis_each_server_caches_in_memory():
    cache = production_settings.load(["CACHES"])["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_media_on_s3_compatible_storage():
    loaded = production_settings.load(
        ["STORAGES", "CONTENT_SECURITY_POLICY"],
        AWS_STORAGE_BUCKET_NAME="terre-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.net",
        AWS_S3_REGION_NAME="eu-south-1",
    )
    media = loaded["STORAGES"]["default"]
    assert media["BACKEND"] == "storages.backends.s3.S3Storage"
    assert media["OPTIONS"]["bucket_name"] == "terre-media"
    assert media["OPTIONS"]["endpoint_url"] == "https://objects.example.net"
    # Images are then drawn from the storage's origin: the policy lets them in.
    img_src = loaded["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]
    assert "https://objects.example.net" in img_src
    assert loaded["STORAGES"]["staticfiles"]["BACKEND"].endswith(
        "CompressedManifestStaticFilesStorage"
    )


def test_several_application_servers_behind_a_proxy():
    loaded = production_settings.load(
        [
            "ALLOWED_HOSTS",
            "CSRF_TRUSTED_ORIGINS",
            "SECURE_PROXY_SSL_HEADER",
            "USE_X_FORWARDED_HOST",
            "TASKS",
        ],
        ALLOWED_HOSTS="terrediinclusione.it,www.terrediinclusione.it",
        CSRF_TRUSTED_ORIGINS="https://terrediinclusione.it",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        USE_X_FORWARDED_HOST="true",
    )
    assert loaded["ALLOWED_HOSTS"] == ["terrediinclusione.it", "www.terrediinclusione.it"]
    assert loaded["CSRF_TRUSTED_ORIGINS"] == ["https://terrediinclusione.it"]
    assert loaded["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert loaded["USE_X_FORWARDED_HOST"] is True
    # Background work waits in the shared database for any server's worker.
    assert loaded["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def test_everything_at_once_passes_the_deployment_checks():
    env = {
        **production_settings.BASE_ENV,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DATABASE_URL": "sqlite:////tmp/ops-settings-check.sqlite3",
        "REDIS_URL": "redis://cache.internal:6379/1",
        "SEARCH_URL": "https://search-1.internal:9200,https://search-2.internal:9200",
        "SEARCH_BACKEND": "opensearch2",
        "AWS_STORAGE_BUCKET_NAME": "terre-media",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_logs_are_one_json_object_a_line():
    logging_config = production_settings.load(["LOGGING"])["LOGGING"]
    assert logging_config["handlers"]["console"]["formatter"] == "json"
    formatter = JSONFormatter()
    record = logging.makeLogRecord(
        {"name": "core.tasks", "levelname": "WARNING", "msg": "E-mail %r failed", "args": ("x",)}
    )
    record.attempt = 2
    entry = json.loads(formatter.format(record))
    assert entry["level"] == "WARNING" and entry["logger"] == "core.tasks"
    assert entry["message"] == "E-mail 'x' failed"
    assert entry["attempt"] == 2
