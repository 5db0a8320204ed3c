"""A page cache for anonymous visitors, cleared whenever a page is published, unpublished, moved
or deleted, so that a published change is visible at once.

Only GET requests without a session cookie are served from the cache, and only 200 responses
that set no cookie are stored: a page with a CSRF-protected form or a one-off message sets a
cookie, so it is never cached, and logged-in editors always see fresh pages. Clearing works by
bumping a generation number that is part of every key, so it costs one write on any backend
(LocMem, Redis) and never touches other entries in a shared cache.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

GENERATION_KEY = "pagecache:generation"
# Never cached: the admin, the health check, the task and login machinery.
UNCACHED_PREFIXES = ("/admin/", "/django-admin/", "/healthz", "/documents/", "/invitation/")


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def clear_page_cache(**kwargs):
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet: nothing cached under it
        cache.add(GENERATION_KEY, 1, timeout=None)


def clear_on_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        clear_page_cache()


def connect_signals():
    page_published.connect(clear_page_cache, dispatch_uid="ops_cache_published")
    page_unpublished.connect(clear_page_cache, dispatch_uid="ops_cache_unpublished")
    post_page_move.connect(clear_page_cache, dispatch_uid="ops_cache_moved")
    post_delete.connect(clear_on_page_delete, dispatch_uid="ops_cache_deleted")


def cache_key(request):
    url = request.build_absolute_uri()
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"pagecache:{generation()}:{digest}"


def cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.path_info.startswith(UNCACHED_PREFIXES)
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable_request(request):
            return self.get_response(request)
        key = cache_key(request)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if storable(response):
            if callable(getattr(response, "render", None)):
                response.render()
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            response["X-Cache"] = "miss"
        return response


def storable(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
    )
