"""Collections: lists of pages chosen by criteria in the admin, in the visitor's language."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import Locale
from wagtail_localize.synctree import create_aliases_for_new_page

from courses.models import CoursePage
from events.models import EventPage
from home.models import ContentPage, HomePage
from listings.models import CollectionPage, TopicPage
from services.models import ServicePage

from .items import content_file, item

pytestmark = pytest.mark.django_db

WOMEN_A0 = "course-demo-italiano-a0-donne-gussola"  # women, childcare, Italian course
CHINESE_NEW_YEAR = "event-demo-capodanno-cinese-cremona"  # not translated into Punjabi


def course(key, *, audience=("women",), childcare=True, level="A1", languages=("it", "ar")):
    data = item("course", key, audience=list(audience))
    data["course"].update(childcare=childcare, level=level)
    data["translations"] = {
        code: text for code, text in data["translations"].items() if code in languages
    }
    return data


def home(code="it"):
    return HomePage.objects.get(locale__language_code=code)


def keys_shown(response, model, code):
    html = response.content.decode()
    return {
        page.import_key
        for page in model.objects.filter(locale__language_code=code)
        if escape(page.title) in html
    }


def add_collection(parent=None, **fields):
    parent = parent or home()
    page = CollectionPage(
        title=fields.pop("title", "Raccolta"), slug=fields.pop("slug", "raccolta"), **fields
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    create_aliases_for_new_page(page)  # as the admin does: the page appears in every language
    return page


class FormReader(HTMLParser):
    """The fields of the admin's page form with their initial values, as a browser sends them."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.setdefault(name, []).append(attrs.get("value", "on"))
            else:
                self.data[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def test_the_redazione_builds_italian_courses_for_women_with_childcare_in_the_admin(
    client, django_user_model, import_json
):
    import_json(
        content_file(
            course("course-test-donne-bimbi"),
            course("course-test-donne-senza-bimbi", childcare=False),
            course("course-test-uomini-bimbi", audience=("adults",)),
        )
    )
    editor = django_user_model.objects.create_user("redattrice", "r@example.org", "x")
    editor.groups.set(Group.objects.filter(name="Redazione"))
    client.force_login(editor)

    add_url = reverse("wagtailadmin_pages:add", args=["listings", "collectionpage", home().pk])
    form = client.get(add_url)
    assert form.status_code == 200
    reader = FormReader()
    reader.feed(form.content.decode())
    data = {name: value for name, value in reader.data.items() if name != "csrfmiddlewaretoken"}
    data.update(
        title="Corsi di italiano per donne con baby-sitting",
        slug="corsi-donne-baby-sitting",
        page_types=["coursepage"],
        audiences=["women"],
        course_kind="italian",
        childcare="on",
        sort="title",
        max_items="24",
        display="cards",
        window="",
        **{"action-publish": "action-publish"},
    )
    response = client.post(add_url, data)
    assert response.status_code == 302, response.context["form"].errors
    collection = CollectionPage.objects.get(
        slug="corsi-donne-baby-sitting", locale__language_code="it"
    )
    assert collection.live and collection.childcare and collection.audiences == ["women"]

    expected = {WOMEN_A0, "course-test-donne-bimbi"}
    assert keys_shown(client.get(collection.url), CoursePage, "it") == expected
    arabic = collection.get_translation(Locale.objects.get(language_code="ar"))
    response = client.get(arabic.url)
    assert response.status_code == 200
    assert keys_shown(response, CoursePage, "ar") == expected
    assert "عنوان course-test-donne-bimbi" in response.content.decode()


def test_a_collection_costs_the_same_queries_for_3_or_15_pages(client, import_json):
    import_json(
        content_file(
            *(course(f"course-test-b2-{n}", level="B2", languages=("it",)) for n in range(3))
        )
    )
    collection = add_collection(page_types=["coursepage"], course_level="B2", max_items=50)

    def queries():
        cache.clear()
        client.get(collection.url)  # the site's own per-process caches warm up
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(collection.url)
        return len(captured), response

    few, response = queries()
    assert len(keys_shown(response, CoursePage, "it")) == 3
    import_json(
        content_file(
            *(course(f"course-test-b2-{n}", level="B2", languages=("it",)) for n in range(3, 15))
        )
    )
    many, response = queries()
    assert len(keys_shown(response, CoursePage, "it")) == 15
    assert many == few

    with CaptureQueriesContext(connection) as captured:
        client.get(collection.url)
    assert len(captured) <= few  # the result itself now comes from the cache


def test_a_published_page_appears_at_once_in_a_cached_collection(client, import_json):
    collection = add_collection(page_types=["coursepage"], course_level="B2")
    assert keys_shown(client.get(collection.url), CoursePage, "it") == set()
    import_json(content_file(course("course-test-nuovo-b2", level="B2")))
    assert keys_shown(client.get(collection.url), CoursePage, "it") == {"course-test-nuovo-b2"}
    page = CoursePage.objects.get(import_key="course-test-nuovo-b2", locale__language_code="it")
    page.unpublish()
    assert keys_shown(client.get(collection.url), CoursePage, "it") == set()


def test_criteria_that_match_nothing_explain_themselves_in_preview_only(client):
    collection = add_collection(page_types=["coursepage"], course_level="B2", childcare=True)
    html = client.get(collection.url).content.decode()
    # The Italian site speaks Italian.
    assert "Torna presto." in html
    assert "Solo per la redazione" not in html
    preview = collection.make_preview_request().content.decode()
    assert "Solo per la redazione: questa raccolta non trova pagine." in preview
    assert "livello del corso: rimangono 0 pagine" in preview
    assert "baby-sitting" not in preview.split("livello del corso")[1].split("</ul>")[0]


def test_only_translated_pages_leave_out_the_italian_fallbacks(client):
    shown = add_collection(title="Eventi", slug="eventi-tutti", page_types=["eventpage"])
    translated_only = add_collection(
        title="Eventi tradotti",
        slug="eventi-tradotti",
        page_types=["eventpage"],
        only_translated=True,
    )
    punjabi = Locale.objects.get(language_code="pa")
    html = client.get(shown.get_translation(punjabi).url).content.decode()
    italian_title = EventPage.objects.get(
        import_key=CHINESE_NEW_YEAR, locale__language_code="it"
    ).title
    assert escape(italian_title) in html
    assert '<li class="card card--eventpage" lang="it" dir="ltr">' in html
    html = client.get(translated_only.get_translation(punjabi).url).content.decode()
    assert escape(italian_title) not in html
    assert "event-demo-incontro-assegno-unico-vescovato" in keys_shown(
        client.get(translated_only.get_translation(punjabi).url), EventPage, "pa"
    )


def test_a_collection_of_events_has_its_own_calendar_and_news_feeds(client):
    events = add_collection(
        title="Eventi", slug="eventi-feed", page_types=["eventpage"], display="calendar"
    )
    arabic = events.get_translation(Locale.objects.get(language_code="ar"))
    html = client.get(arabic.url).content.decode()
    ical_link = f'type="text/calendar" title="{arabic.title}" href="{arabic.url}feed.ics">'
    assert f'<link rel="alternate" {ical_link}' in html
    assert f'href="{arabic.url}feed.rss"' in html

    ical = client.get(arabic.url + "feed.ics")
    assert ical["Content-Type"].startswith("text/calendar")
    arabic_event = EventPage.objects.get(import_key=CHINESE_NEW_YEAR, locale__language_code="ar")
    from icalendar import Calendar

    calendar = Calendar.from_ical(ical.content)
    summaries = {str(event["summary"]) for event in calendar.walk("VEVENT")}
    assert arabic_event.title in summaries
    rss = client.get(arabic.url + "feed.rss")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert arabic_event.title in rss.content.decode()

    courses = add_collection(title="Corsi", slug="corsi-feed", page_types=["coursepage"])
    assert client.get(courses.url + "feed.ics").status_code == 404
    assert "feed.ics" not in client.get(courses.url).content.decode()


def test_each_topic_has_a_page_in_every_language_listing_its_pages(client):
    response = client.get("/ar/argomenti/health/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>الصحة</h1>" in html
    assert "service-demo-vaccinazioni-bambini" in keys_shown(response, ServicePage, "ar")
    assert "service-demo-sportello-permessi-piadena" not in keys_shown(response, ServicePage, "ar")
    assert client.get("/ar/argomenti/").content.decode().count('href="/ar/argomenti/health/"') == 1
    assert client.get("/ar/argomenti/atlantide/").status_code == 404


def test_a_topic_page_written_by_editors_replaces_the_automatic_one(client):
    from core.models import Topic
    from listings.models import TopicIndexPage

    index = TopicIndexPage.objects.get(locale__language_code="it")
    work = Topic.objects.get(slug="work", locale__language_code="it")
    page = TopicPage(
        title="Lavorare in Italia",
        slug="lavoro",
        topic=work,
        body=[{"type": "text", "value": "<p>Dove cercare lavoro.</p>"}],
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    assert page.slug == "work"
    html = client.get("/it/argomenti/work/").content.decode()
    assert "Dove cercare lavoro." in html and "<h1>Lavorare in Italia</h1>" in html


def test_a_collection_block_works_in_a_plain_page(client):
    page = ContentPage(
        title="Per le famiglie",
        slug="per-le-famiglie",
        body=[
            {
                "type": "listing",
                "value": {
                    "heading": "Servizi per le famiglie",
                    "page_types": ["servicepage"],
                    "audiences": ["families"],
                    "municipalities": ["cremona"],
                    "sort": "title",
                    "max_items": 5,
                    "display": "list",
                },
            }
        ],
    )
    home().add_child(instance=page)
    page.save_revision().publish()
    response = client.get(page.url)
    assert keys_shown(response, ServicePage, "it") == {"service-demo-vaccinazioni-bambini"}
    assert '<ul class="compact-list">' in response.content.decode()


def test_courses_are_chosen_by_the_dates_they_run(client):
    import datetime
    from unittest import mock

    september = add_collection(
        slug="corsi-settembre",
        page_types=["coursepage"],
        window="range",
        date_from=datetime.date(2027, 9, 1),
        date_to=datetime.date(2027, 9, 30),
    )
    assert keys_shown(client.get(september.url), CoursePage, "it") == {WOMEN_A0}

    upcoming = add_collection(slug="corsi-in-corso", page_types=["coursepage"], window="upcoming")
    new_year = datetime.datetime(2028, 1, 1, 10, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=new_year):
        found = keys_shown(client.get(upcoming.url), CoursePage, "it")
    # The A0 course ended on 15 December; the two others run until spring.
    assert found == {
        "course-demo-italiano-per-studiare-soresina",
        "course-demo-cpia-b1-serale-cremona",
    }
