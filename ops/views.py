"""The health check a load balancer or monitor polls."""

import requests
from django.conf import settings
from django.db import DatabaseError, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

SEARCH_TIMEOUT = 2  # seconds: a monitor must get an answer fast, whatever the engine does


def database_status():
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "down"
    return "ok"


def search_status():
    """ "ok" when any engine node answers its cluster health as green or yellow."""
    if not settings.SEARCH_URL:
        return "disabled"
    for url in settings.WAGTAILSEARCH_BACKENDS["default"]["URLS"]:
        try:
            response = requests.get(f"{url.rstrip('/')}/_cluster/health", timeout=SEARCH_TIMEOUT)
            if response.ok and response.json().get("status") in {"green", "yellow"}:
                return "ok"
        except (requests.RequestException, ValueError):
            continue
    return "down"


@never_cache
def healthz(request):
    """200 while the site can serve pages (search falls back to the database), 503 when the
    database is gone."""
    status = {"database": database_status(), "search": search_status()}
    return JsonResponse(status, status=200 if status["database"] == "ok" else 503)
