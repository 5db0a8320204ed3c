"""The site under faults: the real search node stopped in the middle of the suite, and a mail
server that refuses connections.

The node tests (marker `faults`) run last and alone (scripts/test), only on a node the test run
started itself (SEARCH_NODE_OWNED=1, SEARCH_URL = `scripts/search-node url`): they stop it with
`scripts/search-node stop`, check that every kind of page and the search still answer, from the
database, and that /healthz says so, then start it again."""

import json
import os
import socket
import subprocess
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.tasks import send_email

from .public_pages import KINDS, url_of

pytestmark = pytest.mark.django_db

SEARCH_NODE = [os.path.join(settings.BASE_DIR, "scripts", "search-node")]


def node(command):
    return subprocess.run(
        ["bash", *SEARCH_NODE, command],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


@pytest.fixture
def owned_node():
    if not settings.SEARCH_URL:
        pytest.skip("no search engine configured (SEARCH_URL)")
    if os.environ.get("SEARCH_NODE_OWNED") != "1":
        pytest.skip("the search node was not started by this test run: not stopping it")
    if node("url").stdout.strip() != settings.SEARCH_URL.rstrip("/"):
        pytest.skip("SEARCH_URL is not the node scripts/search-node manages")
    yield
    node("start")  # whatever happened, leave the node running


@pytest.mark.faults
def test_the_site_answers_with_the_search_node_stopped(client, owned_node):
    assert json.loads(client.get("/healthz").content)["search"] == "ok"
    stopped = node("stop")
    assert stopped.returncode == 0, stopped.stderr

    health = client.get("/healthz")
    assert health.status_code == 200
    assert json.loads(health.content) == {"database": "ok", "search": "down"}
    for language in ("it", "ar"):
        for kind in KINDS:
            url = url_of(kind, language)
            if url is not None:
                assert client.get(url).status_code == 200, url
        api = client.get("/api/search/", {"q": "italiano", "lang": language})
        assert api.status_code == 200
        assert json.loads(api.content)["backend"] == "database"
    found = client.get("/it/search/", {"q": "corso di italiano"})
    assert found.status_code == 200 and b"corso" in found.content.lower()

    started = node("start")
    assert started.returncode == 0, started.stderr
    health = client.get("/healthz")
    assert (health.status_code, json.loads(health.content)["search"]) == (200, "ok")


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nobody listens once the probe is closed


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=open(os.devnull, "w"))


# Transactional: the worker checks its connection between tasks as a real one does
# (close_old_connections), which would close a connection held inside a test's transaction.
# In the `faults` run, apart: the database is emptied after a transactional test.
@pytest.mark.faults
@pytest.mark.django_db(transaction=True)
def test_an_email_outage_loses_nothing(settings, database_queue):
    """A failed send is queued again with a delay, and goes out once the server is back."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    send_email.enqueue(
        subject="Nuova richiesta di mediazione",
        message="Una richiesta è stata registrata.",
        recipient_list=["redazione@example.org"],
    )
    run_worker()
    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert "ConnectionRefusedError" in failed.exception_class_path
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after > timezone.now() + timedelta(seconds=30)

    # The mail server is back, and the delay has passed.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    assert DBTaskResult.objects.get(pk=retry.pk).status == TaskResultStatus.SUCCESSFUL
    assert [message.subject for message in mail.outbox] == ["Nuova richiesta di mediazione"]


@pytest.mark.faults
@pytest.mark.django_db(transaction=True)
def test_retries_stop_after_the_last_attempt(settings, database_queue):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    settings.EMAIL_MAX_ATTEMPTS = 2
    send_email.enqueue(subject="Prova", message="…", recipient_list=["a@example.org"])
    run_worker()
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())
    run_worker()
    assert DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count() == 2
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
