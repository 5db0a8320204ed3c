"""Headless Chromium driven by Playwright, against pytest-django's live server.

The browser is Debian's chromium (/usr/bin/chromium, or $CHROMIUM): Playwright never downloads
its own. scripts/test installs it and runs these tests (marker `browser`) in their own
non-parallel pytest run after the others.

Browser tests need committed data (the live server answers from its own thread and connection):
they are transactional, `@pytest.mark.django_db(transaction=True, serialized_rollback=True)`, and
Django empties the database after each one. The database is serialized here once the demo content
is in (tests/conftest.py), and each browser test but the first (which finds it in place) starts by
restoring it: every one starts from the site in ten languages with the demo content. pytest-django
runs transactional tests after all the others of a process, so those are not affected.
"""

import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# No sandbox: CI and the development machines run as root. The rest keeps Chromium off the
# network it has no business with (this machine's network is closed: it would only wait).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "test-results" / "screenshots"
# Generous: the machines are small and the admin's first pages compile templates.
TIMEOUT_MS = 30_000
NAVIGATION_TIMEOUT_MS = 60_000
REPORTS = pytest.StashKey[dict]()  # each test's reports, by phase
DEMO_DATABASE = {}  # database alias: its demo content, serialized
EMPTIED = set()  # the aliases of the databases Django emptied after the last browser test


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Keep the demo database, serialized, to restore it after each browser test."""
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all(initialized_only=True):
            DEMO_DATABASE[connection.alias] = connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def demo_database(request, transactional_db, django_db_blocker):
    """Every browser test starts from the demo database: the first finds it in place, the
    next ones restore it (Django empties the database after each)."""
    from django.db import connections

    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("serialized_rollback")):
        pytest.fail(
            "browser tests need @pytest.mark.django_db(transaction=True, serialized_rollback=True)"
        )
    for alias in DEMO_DATABASE:
        # With this, Django's flush after a `serialized_rollback` test does not run post_migrate
        # (which would make content types and permissions anew); the restore is ours, below.
        # Set here, on the test's own connection: while Playwright's loop runs, Django gives
        # this thread other connection objects than those of the session's set-up.
        connections[alias]._test_serialized_contents = "[]"
    if EMPTIED:
        with django_db_blocker.unblock(), model_signals_muted():
            for alias in sorted(EMPTIED):
                connections[alias].creation.deserialize_db_from_string(DEMO_DATABASE[alias])
        EMPTIED.clear()
    yield
    EMPTIED.update(DEMO_DATABASE)


@contextmanager
def model_signals_muted():
    """Rows written back as they were: nothing may react to them (some receivers, such as
    wagtail-localize's tree synchronisation, do even for fixtures)."""
    from django.db.models import signals

    muted = [signals.pre_save, signals.post_save, signals.m2m_changed]
    saved = [(signal, signal.receivers) for signal in muted]
    try:
        for signal in muted:
            signal.receivers = []
            signal.sender_receivers_cache.clear()
        yield
    finally:
        for signal, receivers in saved:
            signal.receivers = receivers
            signal.sender_receivers_cache.clear()


@pytest.fixture(scope="module")
def browser():
    """Chromium, for one test module: Playwright's loop runs only as long as the module does."""
    if not Path(CHROMIUM).exists():
        message = f"no Chromium at {CHROMIUM}: scripts/test installs Debian's chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from django.db import connections
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's sync API keeps an asyncio loop running in this thread: Django would
        # refuse the test's own ORM calls as "async unsafe", though nothing else makes them.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()
        # The connections Django opened for this thread while the loop ran.
        connections.close_all()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(REPORTS, {})[report.when] = report
    return report


@pytest.fixture
def new_page(browser, request):
    """Open a page in a context of its own (its own cookies: one per user), English first.

    When the test fails, every page still open is saved as a screenshot, failed-<n>.png."""
    contexts = []

    def open_page():
        context = browser.new_context(
            locale="en-GB",
            timezone_id=settings.TIME_ZONE,
            viewport={"width": 1280, "height": 900},
            reduced_motion="reduce",
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    call = request.node.stash.get(REPORTS, {}).get("call")
    if call is not None and call.failed:
        folder = SCREENSHOTS / safe_name(request.node.name)
        folder.mkdir(parents=True, exist_ok=True)
        pages = [page for context in contexts for page in context.pages]
        for number, page in enumerate(pages, start=1):
            try:
                page.screenshot(path=str(folder / f"failed-{number}.png"), full_page=True)
            except Exception as error:  # noqa: BLE001 (a report, whatever the page's state)
                print(f"no screenshot of {page.url}: {error}")
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def safe_name(text):
    return re.sub(r"[^\w.-]+", "-", text).strip("-")


@pytest.fixture
def screenshot(request):
    """screenshot(page, "step") saves test-results/screenshots/<test>/<nn>-<step>.png."""
    folder = SCREENSHOTS / safe_name(request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    count = 0

    def take(page, step):
        nonlocal count
        count += 1
        path = folder / f"{count:02d}-{safe_name(step)}.png"
        page.screenshot(path=str(path), full_page=True, animations="disabled")
        return path

    return take
