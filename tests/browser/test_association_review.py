"""In a real browser: an association publishes its own activity, the Redazione reviews it first.

Issue: "Associations publish their own activities; staff review everything before it goes live".
An editor of the Jàppoo association adds an event under the association's profile and submits it
to the Redazione review; a Redazione member finds it on the dashboard and approves it; it is then
on the public site, on the association's page and in the events listing. The same editor cannot
open another association's page (Tongxin) in the admin, nor its documents.

Screenshots of every step: test-results/screenshots/<test name>/.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.documents import get_document_model
from wagtail.users.models import UserProfile

from associations.models import AssociationPage
from events.models import EventPage

pytestmark = [
    pytest.mark.browser,
    # The live server answers from its own thread: the test's data must be committed; the
    # demo content is restored for the next test (conftest.py).
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

JAPPOO = "association-demo-jappoo-senegalesi"
TONGXIN = "association-demo-tongxin-famiglie-cinesi"
PASSWORD = "una-password-per-il-browser"
EVENT_TITLE = "Serata di musica e cucina senegalese"
# Wagtail's message, in English (the users' admin language) or in Italian (the site's default).
DENIED = re.compile(
    "Sorry, you do not have permission to access this area"
    "|Spiacente, non hai i permessi per accedere a questa area"
)


def association(key):
    return AssociationPage.objects.get(import_key=key, locale__language_code="it")


def make_user(django_user_model, username, group):
    user = django_user_model.objects.create_user(
        username, f"{username}@example.org", PASSWORD, first_name=username.capitalize()
    )
    user.groups.add(group)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # the admin speaks Italian by default
    profile.save()
    return user


def log_in(page, live_server, user, screenshot):
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    screenshot(page, f"{user.username}-login")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    expect(page.get_by_role("main")).to_be_visible()


def admin_message(page):
    return page.locator(".messages")


@pytest.fixture
def tongxin_document():
    """A file in Tongxin's own collection, which only Tongxin's editors (and staff) may see."""
    space = association(TONGXIN).space
    document = get_document_model().objects.create(
        title="Verbale riservato dell'assemblea Tongxin",
        file=ContentFile(b"Solo per i soci.\n", name="verbale-tongxin.txt"),
        collection=space.collection,
    )
    yield document
    document.file.delete(save=False)


def test_an_association_event_goes_live_only_after_the_redazione_approves_it(
    live_server, new_page, screenshot, django_user_model, tongxin_document
):
    jappoo = association(JAPPOO)
    tongxin = association(TONGXIN)
    editor = make_user(django_user_model, "fatou", jappoo.space.group)
    reviewer = make_user(django_user_model, "giulia", Group.objects.get(name="Redazione"))
    starts = timezone.localtime() + datetime.timedelta(days=1)
    starts = starts.replace(hour=19, minute=0, second=0, microsecond=0)

    # --- the association's editor adds an event under the association's profile ---
    editor_page = new_page()
    log_in(editor_page, live_server, editor, screenshot)
    screenshot(editor_page, "editor-dashboard")

    editor_page.goto(f"{live_server.url}/admin/pages/{jappoo.pk}/")
    expect(editor_page.get_by_role("heading", name=re.compile("Jàppoo")).first).to_be_visible()
    screenshot(editor_page, "editor-association-in-the-explorer")
    editor_page.get_by_role("link", name="Add child page").first.click()
    # With one allowed page type Wagtail goes straight to its form, else it asks which type.
    editor_page.wait_for_url(re.compile(r"/admin/pages/(add/events/eventpage/|\d+/add_subpage/)"))
    if "add_subpage" in editor_page.url:
        editor_page.get_by_role("link", name=re.compile(r"^Event\b")).click()
        editor_page.wait_for_url(re.compile(r"/admin/pages/add/events/eventpage/"))

    editor_page.get_by_role("textbox", name=re.compile(r"^Title")).fill(EVENT_TITLE)
    editor_page.get_by_role("textbox", name=re.compile(r"^Summary")).fill(
        "Musica, thieboudienne e tè alla menta: una serata aperta a tutti nella sede di Jàppoo."
    )
    for label, moment in (("Starts", starts), ("Ends", starts + datetime.timedelta(hours=3))):
        field = editor_page.get_by_role("textbox", name=re.compile(rf"^{label}"))
        field.fill(moment.strftime("%Y-%m-%d %H:%M"))
        field.press("Escape")  # close the date picker without touching the value
    editor_page.get_by_role("textbox", name=re.compile(r"^Title")).click()
    screenshot(editor_page, "editor-event-form")

    editor_page.get_by_role("button", name="More actions").click()
    submit = editor_page.get_by_role("button", name="Submit to Redazione review")
    expect(submit).to_be_visible()
    screenshot(editor_page, "editor-action-menu")
    submit.click()
    # Back to the association's pages, with the new one in moderation.
    editor_page.wait_for_url(f"{live_server.url}/admin/pages/{jappoo.pk}/")
    expect(admin_message(editor_page)).to_contain_text("submitted for moderation")
    expect(editor_page.get_by_role("row").filter(has_text=EVENT_TITLE)).to_contain_text(
        re.compile("in moderation", re.IGNORECASE)
    )
    screenshot(editor_page, "editor-submitted")

    event = EventPage.objects.get(title=EVENT_TITLE, locale__language_code="it")
    assert event.get_parent().pk == jappoo.pk
    assert not event.live and event.workflow_in_progress
    assert event.organiser_id == jappoo.pk

    # Not on the public site yet.
    visitor = new_page()
    response = visitor.goto(f"{live_server.url}{event.get_url()}")
    assert response.status == 404
    visitor.goto(f"{live_server.url}/it/eventi/")
    expect(visitor.locator("main")).not_to_contain_text(EVENT_TITLE)

    # --- a Redazione member finds it on the dashboard and approves it ---
    reviewer_page = new_page()
    log_in(reviewer_page, live_server, reviewer, screenshot)
    awaiting = reviewer_page.get_by_role("region", name="Awaiting your review")
    expect(awaiting).to_be_visible()
    row = awaiting.get_by_role("row").filter(has_text=EVENT_TITLE)
    expect(row).to_be_visible()
    screenshot(reviewer_page, "reviewer-dashboard-awaiting-review")
    row.get_by_role("button", name="Actions").click()
    approve = row.get_by_role("button", name="Approve", exact=True)
    expect(approve).to_be_visible()
    screenshot(reviewer_page, "reviewer-approve-menu")
    approve.click()
    # The dashboard posts the action and reloads: nothing is left to review.
    expect(reviewer_page.get_by_text(EVENT_TITLE)).to_have_count(0, timeout=60_000)
    screenshot(reviewer_page, "reviewer-approved")

    event.refresh_from_db()
    assert event.live and not event.workflow_in_progress

    # --- now it is public: its page, the association's page and the events listing ---
    response = visitor.goto(f"{live_server.url}{event.get_url()}")
    assert response.status == 200
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(EVENT_TITLE)
    screenshot(visitor, "public-event-page")

    visitor.goto(f"{live_server.url}{jappoo.get_url()}")
    expect(visitor.get_by_role("link", name=re.compile(re.escape(EVENT_TITLE)))).to_be_visible()
    screenshot(visitor, "public-association-page")

    visitor.goto(f"{live_server.url}/it/eventi/")
    expect(visitor.get_by_role("link", name=re.compile(re.escape(EVENT_TITLE)))).to_be_visible()
    screenshot(visitor, "public-events-listing")

    # --- the association's editor stays in their own space ---
    editor_page.goto(f"{live_server.url}/admin/pages/{tongxin.pk}/edit/")
    expect(editor_page.locator("body")).to_contain_text(DENIED)
    expect(editor_page.locator("body")).not_to_contain_text(tongxin.title)
    screenshot(editor_page, "editor-denied-other-association")

    editor_page.goto(f"{live_server.url}/admin/documents/edit/{tongxin_document.pk}/")
    expect(editor_page.locator("body")).to_contain_text(DENIED)
    expect(editor_page.locator("body")).not_to_contain_text(tongxin_document.title)
    screenshot(editor_page, "editor-denied-other-association-document")

    editor_page.goto(f"{live_server.url}/admin/documents/")
    expect(editor_page.get_by_role("heading", name="Documents")).to_be_visible()
    expect(editor_page.locator("main")).not_to_contain_text(tongxin_document.title)
    screenshot(editor_page, "editor-documents-listing")
