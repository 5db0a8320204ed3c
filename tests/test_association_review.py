"""Associations submit, the Redazione reviews: e-mails, dashboards, scheduling, history, links."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import nested_form_data, streamfield
from wagtail.users.models import UserProfile

from associations.models import AssociationPage
from events.models import EventPage
from services.models import ServicePage

pytestmark = pytest.mark.django_db

JAPPOO = "association-demo-jappoo-senegalesi"


def make_user(django_user_model, name, group):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "x")
    user.groups.add(group)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # the admin speaks Italian by default
    profile.save()
    return user


@pytest.fixture
def association():
    return AssociationPage.objects.get(import_key=JAPPOO, locale__language_code="it")


@pytest.fixture
def association_editor(django_user_model, association):
    return make_user(django_user_model, "fatou", association.space.group)


@pytest.fixture
def redazione(django_user_model):
    return make_user(django_user_model, "giulia", Group.objects.get(name="Redazione"))


def event_form(title, **extra):
    starts = timezone.localtime() + datetime.timedelta(days=10)
    return nested_form_data(
        {
            "title": title,
            "slug": title.lower().replace(" ", "-"),
            "summary": "Un pomeriggio insieme.",
            "starts": starts.strftime("%Y-%m-%d %H:%M"),
            "ends": (starts + datetime.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
            "how_to_register": "",
            "body": streamfield([]),
            "location_name": "",
            "address": "",
            "phone": "",
            "email": "",
            "website": "",
            **extra,
        }
    )


def submit_event(client, association, title):
    add_url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", association.pk])
    response = client.post(add_url, {**event_form(title), "action-submit": "Submit"})
    assert response.status_code == 302, response.context and response.context["form"].errors
    return EventPage.objects.get(title=title, locale__language_code="it")


def test_an_association_submits_an_event_and_the_redazione_is_told(
    client, association, association_editor, redazione
):
    client.force_login(association_editor)
    mail.outbox.clear()
    event = submit_event(client, association, "Festa del tè")
    assert not event.live and event.workflow_in_progress
    assert event.organiser == association  # an event in an association's space is theirs
    assert any(redazione.email in message.to for message in mail.outbox)

    client.force_login(redazione)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Festa del tè" in dashboard


def test_approval_publishes_and_tells_the_submitter(
    client, association, association_editor, redazione
):
    client.force_login(association_editor)
    event = submit_event(client, association, "Cena senegalese")
    client.force_login(redazione)
    mail.outbox.clear()
    task_state = event.current_workflow_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[event.pk, "approve", task_state.pk]),
        {"comment": "Bello!"},
    )
    assert response.status_code in (200, 302)
    event.refresh_from_db()
    assert event.live
    assert any(association_editor.email in message.to for message in mail.outbox)
    assert client.get(event.url).status_code == 200


def test_rejection_with_a_comment_goes_back_to_the_submitter(
    client, association, association_editor, redazione
):
    client.force_login(association_editor)
    event = submit_event(client, association, "Torneo di dama")
    client.force_login(redazione)
    mail.outbox.clear()
    task_state = event.current_workflow_task_state
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[event.pk, "reject", task_state.pk]),
        {"comment": "Manca l'indirizzo."},
    )
    event.refresh_from_db()
    assert not event.live
    to_submitter = [m for m in mail.outbox if association_editor.email in m.to]
    assert to_submitter and "Manca l'indirizzo." in to_submitter[0].body


def test_scheduled_publishing_publishes_when_the_time_comes(client, association, redazione):
    client.force_login(redazione)
    go_live = timezone.localtime() + datetime.timedelta(hours=1)
    add_url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", association.pk])
    form = event_form("Mostra fotografica", go_live_at=go_live.strftime("%Y-%m-%d %H:%M"))
    assert client.post(add_url, {**form, "action-publish": "Publish"}).status_code == 302
    event = EventPage.objects.get(title="Mostra fotografica", locale__language_code="it")
    assert not event.live and event.scheduled_revision
    # An hour later (instead of waiting): the go-live time has passed.
    revision = event.scheduled_revision
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled")
    event.refresh_from_db()
    assert event.live


def test_every_change_is_in_the_history(client, redazione):
    client.force_login(redazione)
    service = ServicePage.objects.get(
        import_key="service-demo-vaccinazioni-bambini", locale__language_code="it"
    )
    service.summary = "Riassunto rivisto."
    service.save_revision(user=redazione, log_action=True).publish(user=redazione)
    actions = set(PageLogEntry.objects.filter(page=service).values_list("action", flat=True))
    assert {"wagtail.edit", "wagtail.publish"} <= actions
    assert client.get(reverse("wagtailadmin_pages:history", args=[service.pk])).status_code == 200


def test_deleting_or_unpublishing_a_linked_page_names_the_pages_that_link_to_it(client, redazione):
    client.force_login(redazione)
    target = ServicePage.objects.get(
        import_key="service-demo-vaccinazioni-bambini", locale__language_code="it"
    )
    linking = ServicePage.objects.get(
        import_key="service-demo-sportello-permessi-piadena", locale__language_code="it"
    )
    linking.body = [
        {
            "type": "text",
            "value": f'<p>Vedi anche <a linktype="page" id="{target.pk}">le vaccinazioni</a>.</p>',
        }
    ]
    linking.save_revision(user=redazione).publish(user=redazione)
    for view in ("wagtailadmin_pages:delete", "wagtailadmin_pages:unpublish"):
        html = client.get(reverse(view, args=[target.pk])).content.decode()
        assert "linking-items" in html, view
        assert linking.title.replace("'", "&#x27;") in html, view
