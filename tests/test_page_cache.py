"""The page cache for anonymous visitors (ops/cache.py): pages come from the cache until a
page is published, unpublished or moved; editors and forms are never served from it."""

import pytest
from django.core.cache import cache

from home.models import HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def italian_home():
    return HomePage.objects.get(locale__language_code="it")


def test_a_published_change_is_visible_at_once(client, page_cache):
    home = italian_home()
    assert client.get(home.url)["X-Cache"] == "miss"
    assert client.get(home.url)["X-Cache"] == "hit"

    home.title = "Benvenuti nelle Terre di Inclusione"
    home.save_revision().publish()
    response = client.get(home.url)
    assert response["X-Cache"] == "miss"
    assert "Benvenuti nelle Terre di Inclusione" in response.content.decode()


def test_a_draft_does_not_reach_visitors(client, page_cache):
    home = italian_home()
    client.get(home.url)
    home.title = "Bozza non pubblicata"
    home.save_revision()
    response = client.get(home.url)
    assert response["X-Cache"] == "hit"
    assert "Bozza non pubblicata" not in response.content.decode()


def test_an_unpublished_page_disappears_at_once(client, page_cache):
    home = italian_home()
    child = home.get_children().live().first().specific
    assert client.get(child.url).status_code == 200
    child.unpublish()
    assert client.get(child.url).status_code == 404


def test_logged_in_editors_never_get_cached_pages(client, page_cache, django_user_model):
    home = italian_home()
    client.get(home.url)
    client.force_login(django_user_model.objects.create_superuser("ed", "e@example.org", "pw"))
    response = client.get(home.url)
    assert response.status_code == 200
    assert "X-Cache" not in response


def test_a_page_with_a_form_is_not_cached(client, page_cache):
    """Its CSRF token belongs to one visitor."""
    first = client.get("/it/associations/register/")
    assert first.status_code == 200
    assert "X-Cache" not in first
    assert "X-Cache" not in client.get("/it/associations/register/")
