"""The course finder: filters a resident would use, what a course page tells (places, how to
enrol), its schema.org data and its lessons as a calendar file."""

import datetime
import json
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from core.models import Municipality
from courses.models import CourseIndexPage, CoursePage, CourseSession

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")
GUSSOLA = "course-demo-italiano-a0-donne-gussola"
SORESINA = "course-demo-italiano-per-studiare-soresina"
CREMONA = "course-demo-cpia-b1-serale-cremona"


def course(key, code="it"):
    return CoursePage.objects.get(import_key=key, locale__language_code=code)


def found(client, code="it", **query):
    response = client.get(f"/{code}/corsi/", query)
    assert response.status_code == 200
    html = response.content.decode()
    return {
        page.import_key
        for page in CoursePage.objects.filter(locale__language_code=code)
        if escape(page.title) in html
    }


def test_the_finder_filters_by_level_place_audience_childcare_and_cost(client):
    assert found(client, level="A0") == {GUSSOLA}
    assert found(client, "ar", municipality="soresina") == {SORESINA}
    assert found(client, audience="women") == {GUSSOLA}
    assert found(client, audience="teenagers") == {SORESINA}
    assert found(client, childcare="yes") == {GUSSOLA}
    assert found(client, childcare="no") == {SORESINA, CREMONA}
    assert found(client, free="yes") == {GUSSOLA, SORESINA, CREMONA}
    CoursePage.objects.filter(import_key=CREMONA).update(free=False)
    assert found(client, free="no") == {CREMONA}


def test_the_finder_filters_by_enrolment_status_and_ended_courses_count_as_closed(client):
    CoursePage.objects.filter(import_key=SORESINA).update(status=CoursePage.Status.FULL)
    CoursePage.objects.filter(import_key=CREMONA).update(ends=datetime.date(2020, 6, 30))
    assert found(client, status="open") == {GUSSOLA}
    assert found(client, status="full") == {SORESINA}
    assert found(client, status="closed") == {CREMONA}
    response = client.get("/it/corsi/", {"status": "whatever", "level": "A0"})
    assert response.status_code == 200 and "status" in response.context["filter_errors"]


def test_a_course_page_says_how_many_places_are_left_and_how_to_enrol(client):
    CoursePage.objects.filter(import_key=GUSSOLA).update(
        places_total=15, places_left=3, how_to_enrol="Telefona a Fatima il lunedì mattina."
    )
    html = client.get(course(GUSSOLA).url).content.decode()
    assert "3 posti liberi" in html
    assert "3 posti liberi" in client.get("/it/corsi/").content.decode()
    assert "Telefona a Fatima il lunedì mattina." in html
    english = client.get(course(CREMONA, "en").url).content.decode()
    # No enrolment text yet: the page points to the contacts instead of saying nothing.
    assert '<h2 id="enrol-title"' in english
    assert 'href="#place-title"' in english


def json_ld(html):
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)


def test_a_course_page_describes_itself_as_a_schema_org_course(client):
    page = course(GUSSOLA, "fr")
    data = json_ld(client.get(page.url).content.decode())
    assert data["@type"] == "Course"
    assert data["name"] == page.title
    assert data["educationalLevel"] == "A0"
    assert data["provider"] == {"@type": "Organization", "name": page.provider}
    assert data["offers"]["price"] == 0
    (instance,) = data["hasCourseInstance"]
    assert instance["startDate"] == "2027-09-27" and instance["endDate"] == "2027-12-15"
    assert instance["location"]["address"]["addressLocality"] == "Gussola"
    days = {s["byDay"]: (s["startTime"], s["endTime"]) for s in instance["courseSchedule"]}
    assert days == {
        "https://schema.org/Monday": ("14:30", "16:30"),
        "https://schema.org/Wednesday": ("14:30", "16:30"),
    }


def test_the_lessons_calendar_has_every_lesson_at_its_local_time(client):
    page = course(GUSSOLA, "ar")
    html = client.get(page.url).content.decode()
    ical_url = page.url + "sessions.ics"
    assert f'<link rel="alternate" type="text/calendar" href="{ical_url}"' in html
    assert f'href="{ical_url}"' in html.split("</head>")[1]
    response = client.get(ical_url)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Rome"]
    lessons = recurring_ical_events.of(calendar).between(
        datetime.date(2027, 1, 1), datetime.date(2028, 12, 31)
    )
    starts = sorted(lesson.start for lesson in lessons)
    expected = [
        datetime.date(2027, 9, 27) + datetime.timedelta(days=n)
        for n in range((datetime.date(2027, 12, 15) - datetime.date(2027, 9, 27)).days + 1)
    ]
    expected = [day for day in expected if day.weekday() in (0, 2)]
    assert [start.date() for start in starts] == expected
    # 14:30 in Rome before and after summer time ends on 31 October.
    assert {(start.hour, start.minute) for start in starts} == {(14, 30)}
    assert {start.utcoffset().total_seconds() / 3600 for start in starts} == {1, 2}
    uids = {lesson["UID"] for lesson in calendar.walk("VEVENT")}
    italian = calendar_uids(client, course(GUSSOLA, "it"))
    assert uids == italian and len(uids) == 2  # the same lessons in every language


def calendar_uids(client, page):
    calendar = icalendar.Calendar.from_ical(client.get(page.url + "sessions.ics").content)
    return {lesson["UID"] for lesson in calendar.walk("VEVENT")}


def test_a_course_without_dates_has_no_lessons_calendar(client):
    page = course(SORESINA)
    CoursePage.objects.filter(pk=page.pk).update(starts=None)
    html = client.get(page.url).content.decode()
    assert "sessions.ics" not in html
    assert client.get(page.url + "sessions.ics").status_code == 404


def add_courses(first, count):
    index = CourseIndexPage.objects.get(locale__language_code="it")
    cremona = Municipality.objects.get(slug="cremona", locale__language_code="it")
    for number in range(first, first + count):
        page = CoursePage(
            title=f"Corso di prova {number}",
            slug=f"corso-di-prova-{number}",
            level="A1",
            starts=datetime.date(2027, 2, 1),
            ends=datetime.date(2027, 5, 31),
            places_total=20,
            places_left=number % 20,
            municipality=cremona,
        )
        page.sessions = [
            CourseSession(weekday=0, start_time=datetime.time(9), end_time=datetime.time(11))
        ]
        index.add_child(instance=page)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("query", ["", "?level=A1&childcare=no&status=open"])
def test_the_finder_makes_as_many_queries_for_3_courses_as_for_30(client, query):
    url = "/it/corsi/" + query
    add_courses(0, 3)
    queries_for(client, url)  # caches that fill once per process
    few = queries_for(client, url)
    add_courses(3, 27)
    assert queries_for(client, url) == few
