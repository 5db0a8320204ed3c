"""The map (/<lang>/map/): every service, course, event and association with a place, as a list
that works without JavaScript and as data for the map's markers; filters like the listings."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from associations.models import AssociationPage
from core.models import Municipality
from courses.models import CoursePage
from events.models import EventPage
from services.models import ServicePage

pytestmark = pytest.mark.django_db

MODELS = [ServicePage, CoursePage, EventPage, AssociationPage]


def map_url(code):
    with translation.override(code):
        return reverse("map")


def markers(response):
    html = response.content.decode()
    found = re.search(r'<script id="map-places" type="application/json">(.*?)</script>', html, re.S)
    assert found, "no map data in the page"
    return json.loads(found.group(1))


def listed_keys(response, code):
    """The import keys of the pages whose title links to their page in the list."""
    html = response.content.decode()
    return {
        page.import_key
        for model in MODELS
        for page in model.objects.filter(locale__language_code=code)
        if f'href="{page.url}"' in html and escape(page.title) in html
    }


def upcoming_pages(code="it"):
    """The live pages of the four kinds in a language, without past events and ended courses."""
    return [
        page
        for model in MODELS
        for page in model.objects.live().filter(locale__language_code=code)
        if not getattr(page, "is_past", False) and not getattr(page, "is_over", False)
    ]


def upcoming_demo_keys(**conditions):
    """Their import keys; `municipality`, `topic` or `audience` (slugs) narrow them down."""
    keys = set()
    for page in upcoming_pages():
        if "municipality" in conditions and page.municipality.slug != conditions["municipality"]:
            continue
        if "topic" in conditions and conditions["topic"] not in {t.slug for t in page.topics.all()}:
            continue
        if "audience" in conditions and conditions["audience"] not in {
            a.slug for a in page.audiences.all()
        }:
            continue
        keys.add(page.import_key)
    return keys


def test_the_map_lists_every_place_in_the_visitors_language_without_javascript(client):
    response = client.get(map_url("ar"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    # The list is in the HTML: the page needs no JavaScript to be useful.
    assert listed_keys(response, "ar") == upcoming_demo_keys()
    assert len(upcoming_demo_keys()) >= 8
    vaccinations = ServicePage.objects.get(
        import_key="service-demo-vaccinazioni-bambini", locale__language_code="ar"
    )
    assert vaccinations.url.startswith("/ar/")
    assert escape(vaccinations.address) in html
    # Grouped by municipality, named in the visitor's language.
    assert re.search(r'<h3 class="places__municipality">[^<]*Cremona', html)


def test_untranslated_pages_are_listed_in_italian_marked_as_such(client):
    # The Chinese New Year event has no Albanian translation: its Albanian page is an alias.
    event = EventPage.objects.get(
        import_key="event-demo-capodanno-cinese-cremona", locale__language_code="sq"
    )
    assert event.alias_of_id
    html = client.get(map_url("sq")).content.decode()
    assert f'<a href="{event.url}" lang="it" dir="ltr">{escape(event.title)}</a>' in html


def test_the_map_data_has_a_marker_for_every_place_with_coordinates(client):
    response = client.get(map_url("it"))
    data = markers(response)
    service = ServicePage.objects.get(
        import_key="service-demo-sportello-permessi-piadena", locale__language_code="it"
    )
    marker = next(item for item in data if item["url"] == service.url)
    assert marker["name"] == service.title
    assert (marker["lat"], marker["lon"]) == (float(service.latitude), float(service.longitude))
    assert marker["type"] == "Servizio"
    assert len(data) == len(upcoming_demo_keys())


def test_a_place_without_coordinates_is_in_the_list_only(client):
    service = ServicePage.objects.get(
        import_key="service-demo-vaccinazioni-bambini", locale__language_code="it"
    )
    service.latitude = service.longitude = None
    service.save_revision().publish()
    response = client.get(map_url("it"))
    assert "service-demo-vaccinazioni-bambini" in listed_keys(response, "it")
    assert service.url not in {item["url"] for item in markers(response)}
    assert "(non è sulla mappa)" in response.content.decode()


def test_filters_by_type_municipality_topic_and_audience(client):
    url = map_url("it")
    assert listed_keys(client.get(url, {"type": "course"}), "it") == {
        key for key in upcoming_demo_keys() if key.startswith("course-")
    }
    in_cremona = upcoming_demo_keys(municipality="cremona")
    assert "service-demo-vaccinazioni-bambini" in in_cremona
    assert "course-demo-italiano-a0-donne-gussola" not in in_cremona
    assert listed_keys(client.get(url, {"municipality": "cremona"}), "it") == in_cremona
    found = listed_keys(client.get(url, {"type": "association", "topic": "culture"}), "it")
    assert found == {
        key for key in upcoming_demo_keys(topic="culture") if key.startswith("association-")
    }
    assert "association-demo-jappoo-senegalesi" in found
    for_women = upcoming_demo_keys(audience="women")
    assert "course-demo-italiano-a0-donne-gussola" in for_women
    assert listed_keys(client.get(url, {"audience": "women"}), "it") == for_women
    # The markers follow the filters too.
    events = {key for key in upcoming_demo_keys() if key.startswith("event-")}
    assert len(markers(client.get(url, {"type": "event"}))) == len(events) >= 2


def test_bad_filter_values_are_explained_and_left_out(client):
    response = client.get(map_url("fr"), {"type": "castle", "municipality": "cremona"})
    assert response.status_code == 200
    assert response.context["filter_errors"]
    assert 'role="alert"' in response.content.decode()
    # The good value still applies.
    assert listed_keys(response, "fr") == upcoming_demo_keys(municipality="cremona")
    nothing = client.get(map_url("it"), {"municipality": "cremona", "audience": "women"})
    assert "Nessun risultato" in nothing.content.decode()


def test_no_script_or_style_comes_from_another_site_and_no_inline_script(client, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    html = client.get(map_url("it")).content.decode()
    sources = re.findall(r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="([^"]+)"', html)
    assert "/static/vendor/leaflet/leaflet.js" in sources
    assert "/static/maps/map.js" in sources
    assert all(not source.startswith(("http:", "https:", "//")) for source in sources), sources
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs, _ in scripts)
    # The configured tile server, for the script: the only other site the browser may contact.
    assert 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in html


def test_the_map_has_a_name_and_a_way_past_it_to_the_list(client):
    html = client.get(map_url("en")).content.decode()
    assert 'role="region" aria-label="Map of the places in the list"' in html
    assert '<a class="map__skip" href="#places-title">' in html
    assert 'id="places-title"' in html


def add_services(count, municipality, name):
    index = ServicePage.objects.filter(locale__language_code="it").first().get_parent()
    for number in range(count):
        index.add_child(
            instance=ServicePage(
                title=f"Servizio {name} {number}",
                slug=f"servizio-{name}-{number}",
                municipality=municipality,
                address=f"Via Prova {number}, Cremona",
                latitude="45.13",
                longitude="10.02",
            )
        )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_number_of_places(client):
    cremona = Municipality.objects.get(slug="cremona", locale__language_code="it")
    url = map_url("it")
    add_services(3, cremona, "a")
    client.get(url)  # the site's caches, filled once
    few = count_queries(client, url)
    add_services(30, cremona, "b")
    response = client.get(url)
    assert response.context["count"] >= 33
    assert count_queries(client, url) == few
