"""The home page composed of blocks: what's on this week, find a course, services by topic,
the associations map, the information desks."""

import datetime
from unittest import mock

import pytest
from django.utils.html import escape

from events.models import EventPage
from home.models import HomePage
from services.models import ServicePage

pytestmark = pytest.mark.django_db

ASSEGNO_UNICO = "event-demo-incontro-assegno-unico-vescovato"  # Thursday 21 January 2027
CHINESE_NEW_YEAR = "event-demo-capodanno-cinese-cremona"  # Sunday 7 February 2027
# Every Tuesday from 12 January to 29 June 2027, except 30 March.
CONVERSATION = "event-demo-caffe-conversazione-casalmaggiore"
ROME = datetime.timezone(datetime.timedelta(hours=1))


def frozen(year, month, day, hour=10):
    return mock.patch(
        "django.utils.timezone.now",
        return_value=datetime.datetime(year, month, day, hour, tzinfo=ROME).astimezone(
            datetime.UTC
        ),
    )


def events_this_week(client, code):
    html = client.get(f"/{code}/").content.decode()
    block = html.split('class="home-block home-block--whats-on"')[1].split('class="home-block ')[0]
    return {
        page.import_key
        for page in EventPage.objects.filter(locale__language_code=code)
        if escape(page.title) in block
    }


def test_whats_on_this_week_changes_as_the_days_pass(client):
    with frozen(2027, 1, 5):  # before anything starts
        assert events_this_week(client, "en") == set()
        assert "There is nothing here at the moment" in client.get("/en/").content.decode()
    with frozen(2027, 1, 18):  # the Monday of the week of the family allowance meeting
        assert events_this_week(client, "ar") == {ASSEGNO_UNICO, CONVERSATION}
    with frozen(2027, 1, 24, 23):  # its Sunday evening: still that week
        assert events_this_week(client, "ar") == {ASSEGNO_UNICO, CONVERSATION}
    with frozen(2027, 2, 3):
        assert events_this_week(client, "zh-hans") == {CHINESE_NEW_YEAR, CONVERSATION}
    with frozen(2027, 3, 29):  # the week the conversation café skips
        assert events_this_week(client, "it") == set()


def test_a_repeating_event_is_listed_at_its_date_in_the_week(client):
    with frozen(2027, 2, 22):
        html = client.get("/it/").content.decode()
    block = html.split("home-block--whats-on")[1]
    assert '<time datetime="2027-02-23">' in block  # the calendar's day heading
    assert 'datetime="2027-02-23T18:00:00+01:00"' in block


def test_the_home_page_is_composed_of_its_blocks_in_every_language(client):
    assert [
        block.block_type for block in HomePage.objects.get(locale__language_code="ar").body
    ] == [
        "whats_on",
        "find_course",
        "topics",
        "map_teaser",
        "information_desks",
    ]
    html = client.get("/ar/").content.decode()
    assert 'action="/ar/corsi/"' in html
    for name in ('name="level"', 'name="municipality"', 'name="childcare" value="yes"'):
        assert name in html
    assert '<a href="/ar/argomenti/health/">الصحة</a>' in html
    assert 'class="home-block home-block--map"' in html
    assert 'href="/ar/associazioni/"' in html
    assert 'href="/ar/map/"' in html


def test_find_a_course_sends_to_the_filtered_list_of_courses(client):
    response = client.get(
        "/it/corsi/", {"level": "", "municipality": "gussola", "childcare": "yes"}
    )
    assert response.status_code == 200
    assert "filter_errors" not in response.context


def test_services_by_topic_counts_the_services_of_each_topic(client):
    html = client.get("/en/").content.decode()
    topics = html.split('class="home-block home-block--topics"')[1].split("</section>")[0]
    families = ServicePage.objects.filter(
        locale__language_code="it", topics__slug="family", live=True
    ).count()
    assert families == 2
    assert '<a href="/en/argomenti/family/">Family</a>' in topics
    assert "2 services" in topics


def test_information_desks_show_the_chosen_services_in_the_visitors_language(client):
    italian = HomePage.objects.get(locale__language_code="it")
    desk = ServicePage.objects.get(
        import_key="service-demo-sportello-permessi-piadena", locale__language_code="it"
    )
    body = italian.body.raw_data
    for block in body:
        if block["type"] == "information_desks":
            block["value"]["desks"] = [{"type": "item", "value": desk.pk, "id": "desk-1"}]
    italian.body = body
    italian.save_revision().publish()
    html = client.get("/it/").content.decode()
    assert escape(desk.title) in html.split("home-block--desks")[1]


def test_editors_can_open_the_home_page_and_a_topic_page_in_the_admin(client, django_user_model):
    from django.urls import reverse

    from listings.models import TopicIndexPage

    client.force_login(django_user_model.objects.create_superuser("capo", "c@example.org", "x"))
    italian = HomePage.objects.get(locale__language_code="it")
    response = client.get(reverse("wagtailadmin_pages:edit", args=[italian.pk]))
    assert response.status_code == 200
    assert "Sportelli informativi" in response.content.decode()  # the blocks, in Italian
    topics = TopicIndexPage.objects.get(locale__language_code="it")
    add = reverse("wagtailadmin_pages:add", args=["listings", "topicpage", topics.pk])
    assert client.get(add).status_code == 200
