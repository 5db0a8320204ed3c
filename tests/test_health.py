"""/healthz: what a load balancer polls. 200 while the site can serve pages, 503 without its
database; never cached."""

import json

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def test_healthy_site(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["database"] == "ok"
    assert body["search"] == ("ok" if settings.SEARCH_URL else "disabled")
    assert "no-cache" in response["Cache-Control"]


def test_search_engine_that_does_not_answer(client, settings):
    """A port nobody listens on: search is down, the site still serves pages (database search)."""
    settings.SEARCH_URL = "http://127.0.0.1:9"
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backends.opensearch2", "URLS": ["http://127.0.0.1:9"]},
        "database": {"BACKEND": "wagtail.search.backends.database"},
    }
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "search": "down"}


def test_database_gone(client):
    """The database refuses every query, as a stopped server would."""

    def refuse(execute, sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")

    with connection.execute_wrapper(refuse):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "down"
