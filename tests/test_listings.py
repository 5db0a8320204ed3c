"""Listing pages: each lists its pages in the visitor's language, with filters that forgive."""

import re

import pytest
from django.utils.html import escape

from courses.models import CoursePage
from events.models import EventPage
from services.models import ServicePage

from .items import content_file, item

pytestmark = pytest.mark.django_db


def titles(response, model, code):
    html = response.content.decode()
    return {
        p.import_key
        for p in model.objects.filter(locale__language_code=code)
        if escape(p.title) in html
    }


def test_the_services_list_shows_all_services_of_its_language(client):
    response = client.get("/ar/servizi/")
    assert response.status_code == 200
    assert titles(response, ServicePage, "ar") == {
        "service-demo-sportello-permessi-piadena",
        "service-demo-vaccinazioni-bambini",
        "service-demo-riduzioni-mensa-scuolabus-castelverde",
    }


def test_services_filter_by_municipality_and_topic(client):
    response = client.get("/it/servizi/", {"municipality": "cremona"})
    assert titles(response, ServicePage, "it") == {"service-demo-vaccinazioni-bambini"}
    response = client.get("/it/servizi/", {"topic": "documents"})
    assert "service-demo-sportello-permessi-piadena" in titles(response, ServicePage, "it")
    assert "service-demo-vaccinazioni-bambini" not in titles(response, ServicePage, "it")


def test_filter_choices_are_named_in_the_visitors_language(client):
    html = client.get("/fr/servizi/").content.decode()
    assert re.search(r'<option value="health"[^>]*>Santé</option>', html)


def test_a_bad_filter_value_is_explained_and_ignored_not_an_error(client):
    response = client.get(
        "/it/servizi/", {"municipality": "atlantide", "topic": "health", "page": "x"}
    )
    assert response.status_code == 200
    assert response.context["filter_errors"]
    assert titles(response, ServicePage, "it") == {"service-demo-vaccinazioni-bambini"}


def test_courses_filter_by_childcare_and_level(client):
    response = client.get("/ar/corsi/", {"childcare": "yes"})
    found = titles(response, CoursePage, "ar")
    assert found == {
        p.import_key for p in CoursePage.objects.filter(locale__language_code="ar", childcare=True)
    }
    assert found
    response = client.get("/it/corsi/", {"level": "B1"})
    assert titles(response, CoursePage, "it") == {"course-demo-cpia-b1-serale-cremona"}


def test_events_list_upcoming_by_default_and_past_on_request(client, import_json):
    past = item("event", "event-test-passato")
    past["event"].update(starts="2020-03-06T15:00", ends="2020-03-06T18:00")
    import_json(content_file(past))
    upcoming = titles(client.get("/it/eventi/"), EventPage, "it")
    assert "event-test-passato" not in upcoming
    assert "event-demo-capodanno-cinese-cremona" in upcoming
    assert titles(client.get("/it/eventi/", {"when": "past"}), EventPage, "it") == {
        "event-test-passato"
    }


def test_a_past_event_stays_online_marked_as_past(client, import_json):
    past = item("event", "event-test-finito")
    past["event"].update(starts="2020-03-06T15:00", ends="2020-03-06T18:00")
    import_json(content_file(past))
    page = EventPage.objects.get(import_key="event-test-finito", locale__language_code="ar")
    response = client.get(page.url)
    assert response.status_code == 200
    assert page.is_past
    assert response.context["page"].is_past
    assert 'class="notice notice--past"' in response.content.decode()


def test_an_association_lists_its_events_in_the_same_language(client):
    from associations.models import AssociationPage

    association = AssociationPage.objects.get(
        import_key="association-demo-tongxin-famiglie-cinesi", locale__language_code="zh-hans"
    )
    event = EventPage.objects.get(
        import_key="event-demo-capodanno-cinese-cremona", locale__language_code="zh-hans"
    )
    assert list(association.upcoming_events()) == [event]
    assert event.title in client.get(association.url).content.decode()
