"""The search engine in tests: the real local node, one index per test process."""

import os

import pytest
from django.conf import settings
from wagtail.models import Page
from wagtail.search.backends import get_search_backend


@pytest.fixture
def engine():
    """The engine's backend; without SEARCH_URL the test is skipped (on CI it fails)."""
    if not settings.SEARCH_URL:
        if os.environ.get("CI"):
            pytest.fail("SEARCH_URL is not set: CI runs the search tests on the local node")
        pytest.skip("no search engine: run scripts/test, which starts scripts/search-node")
    return get_search_backend("default")


@pytest.fixture
def live_indexing(engine, settings):
    """Let page saves update the engine's index as in production; returns a refresh function.

    Documents written here outlive the test's rolled-back transaction: tests that use this
    give their pages words no other test searches for."""
    backends = {name: dict(config) for name, config in settings.WAGTAILSEARCH_BACKENDS.items()}
    backends["default"]["AUTO_UPDATE"] = True
    settings.WAGTAILSEARCH_BACKENDS = backends

    def refresh():
        engine.get_index_for_model(Page).refresh()

    return refresh
