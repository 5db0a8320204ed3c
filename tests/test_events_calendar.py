"""Events residents can browse: upcoming and past lists, filters, repeating events, a month
calendar that works without JavaScript, and listings whose cost does not grow with events."""

import datetime
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import escape

from core.models import Municipality
from events.models import EventIndexPage, EventPage

from .items import content_file, item

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")
CAFE = "event-demo-caffe-conversazione-casalmaggiore"


def event(key, code="it"):
    return EventPage.objects.get(import_key=key, locale__language_code=code)


def listed_keys(response, code="it"):
    html = response.content.decode()
    return {
        page.import_key
        for page in EventPage.objects.filter(locale__language_code=code)
        if escape(page.title) in html
    }


def weekly_event(key, starts, rule, **event_fields):
    data = item("event", key)
    start = datetime.datetime.fromisoformat(starts)
    data["event"].update(
        starts=starts,
        ends=(start + datetime.timedelta(hours=2)).isoformat(timespec="minutes"),
        recurrence=rule,
        **event_fields,
    )
    return data


# --- Repeating events -------------------------------------------------------------------


def test_a_weekly_event_keeps_its_local_time_across_the_change_to_summer_time():
    cafe = event(CAFE)
    dates = cafe.occurrences(
        datetime.datetime(2027, 3, 1, tzinfo=ROME), datetime.datetime(2027, 4, 15, tzinfo=ROME)
    )
    days = [occurrence.starts.date() for occurrence in dates]
    # Every Tuesday, but not 30 March (Easter holidays, an excluded date).
    assert days == [datetime.date(2027, 3, d) for d in (2, 9, 16, 23)] + [
        datetime.date(2027, 4, 6),
        datetime.date(2027, 4, 13),
    ]
    assert {(o.starts.hour, o.starts.minute) for o in dates} == {(18, 0)}
    assert {(o.ends.hour, o.ends.minute) for o in dates} == {(19, 30)}
    # 18:00 in Rome is 17:00 UTC in winter, 16:00 UTC in summer.
    assert dates[0].starts.astimezone(datetime.UTC).hour == 17
    assert dates[-1].starts.astimezone(datetime.UTC).hour == 16


def test_the_last_date_of_a_rule_decides_when_the_event_is_over():
    cafe = event(CAFE)
    assert cafe.runs_until == datetime.datetime(2027, 6, 29, 19, 30, tzinfo=ROME)
    assert not cafe.is_past
    with translation.override("en"):
        assert cafe.recurrence_text() == "Every week on Tuesday until June 29, 2027"
    with translation.override("it"):
        assert cafe.recurrence_text() == "Ogni settimana il martedì fino al 29 Giugno 2027"


def test_a_repeating_event_that_began_months_ago_is_listed_at_its_next_date(client, import_json):
    # Began last year, every Wednesday at 18:00 until a year from now.
    first = timezone.localdate() - datetime.timedelta(days=200)
    first += datetime.timedelta(days=(2 - first.weekday()) % 7)
    until = (timezone.localdate() + datetime.timedelta(days=365)).strftime("%Y%m%d")
    import_json(
        content_file(
            weekly_event(
                "event-test-ogni-mercoledi",
                f"{first.isoformat()}T18:00",
                f"FREQ=WEEKLY;BYDAY=WE;UNTIL={until}",
            )
        )
    )
    now = timezone.localtime()
    expected = now.date() + datetime.timedelta(days=(2 - now.weekday()) % 7)
    if expected == now.date() and now.time() >= datetime.time(20):
        expected += datetime.timedelta(days=7)

    response = client.get("/it/eventi/")
    assert "event-test-ogni-mercoledi" in listed_keys(response)
    listed = next(
        e for e in response.context["pages"] if e.import_key == "event-test-ogni-mercoledi"
    )
    assert listed.listed.starts.date() == expected
    html = response.content.decode()
    assert f'datetime="{listed.listed.starts.isoformat()}"' in html
    assert "Every week on Wednesday" in client.get("/en/eventi/").content.decode()
    assert "event-test-ogni-mercoledi" not in listed_keys(client.get("/it/eventi/past/"))


@translation.override("en")
def test_the_rule_is_checked_with_a_clear_message():
    starts = datetime.datetime(2027, 1, 12, 18, tzinfo=ROME)  # a Tuesday
    cases = {
        "every tuesday": "NAME=VALUE",
        "FREQ=HOURLY": "FREQ=WEEKLY",
        "FREQ=WEEKLY;BYDAY=XX": "not a valid repeat rule",
        "FREQ=WEEKLY;BYDAY=WE;UNTIL=20270630": "first date of the rule",
        "FREQ=WEEKLY;UNTIL=2027": "UNTIL must be a date",
        "FREQ=DAILY": None,  # no end: fine, it goes on
    }
    for rule, message in cases.items():
        page = EventPage(title="x", slug="x", starts=starts, recurrence=rule)
        if message is None:
            page.clean()
            continue
        with pytest.raises(ValidationError) as error:
            page.clean()
        assert message in " ".join(error.value.message_dict["recurrence"]), rule
    page = EventPage(
        title="x",
        slug="x",
        starts=starts,
        recurrence="rrule:freq=weekly; byday=tu",
        excluded_dates="2027-01-19 2027-13-01",
    )
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "2027-13-01 is not a date" in error.value.message_dict["excluded_dates"][0]
    assert page.recurrence == "FREQ=WEEKLY;BYDAY=TU"
    one_off = EventPage(title="x", slug="x", starts=starts, excluded_dates="2027-01-19")
    with pytest.raises(ValidationError) as error:
        one_off.clean()
    assert "excluded_dates" in error.value.message_dict


def test_the_rule_is_the_same_in_every_language(import_json):
    import_json(content_file(weekly_event("event-test-lingue", "2027-09-07T18:00", "FREQ=WEEKLY")))
    versions = EventPage.objects.filter(import_key="event-test-lingue")
    assert versions.count() == 10
    assert {v.recurrence for v in versions} == {"FREQ=WEEKLY"}
    assert {v.runs_until for v in versions} == {None}


def test_the_importer_refuses_a_bad_rule(tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    data = content_file(weekly_event("event-test-regola", "2027-09-07T18:00", "FREQ=SOMETIMES"))
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match=r"event-test-regola\): event.recurrence: Start with"):
        call_command("import_content", str(path), stdout=open("/dev/null", "w"))
    assert not EventPage.objects.filter(import_key="event-test-regola").exists()


# --- Lists and filters ------------------------------------------------------------------


def test_past_events_have_their_own_address_and_the_old_one_still_works(client, import_json):
    past = item("event", "event-test-passato")
    past["event"].update(starts="2020-03-06T15:00", ends="2020-03-06T18:00")
    import_json(content_file(past))
    for response in (client.get("/it/eventi/past/"), client.get("/it/eventi/", {"when": "past"})):
        assert response.status_code == 200
        assert listed_keys(response) == {"event-test-passato"}
        assert response.context["view"] == "past"
    assert "event-test-passato" not in listed_keys(client.get("/it/eventi/"))


def test_events_filter_by_place_topic_audience_dates_and_cost(client, import_json):
    paid = item("event", "event-test-a-pagamento", municipality="Soresina", topics=["sport"])
    paid["event"].update(free=False)
    import_json(content_file(paid))
    assert listed_keys(client.get("/it/eventi/", {"municipality": "casalmaggiore"})) == {CAFE}
    assert listed_keys(client.get("/it/eventi/", {"topic": "sport"})) == {"event-test-a-pagamento"}
    assert "event-test-a-pagamento" not in listed_keys(client.get("/it/eventi/", {"free": "true"}))
    assert CAFE in listed_keys(client.get("/it/eventi/", {"audience": "women"}))
    # Dates: the café has a Tuesday in this week of March, the Chinese new year party does not.
    in_march = listed_keys(
        client.get("/it/eventi/", {"date_from": "2027-03-08", "date_to": "2027-03-12"})
    )
    assert in_march == {CAFE}
    # ... but not in the week of the excluded Tuesday 30 March.
    assert CAFE not in listed_keys(
        client.get("/it/eventi/", {"date_from": "2027-03-29", "date_to": "2027-04-04"})
    )
    response = client.get("/it/eventi/", {"date_from": "2027-03-16", "date_to": "2027-03-16"})
    listed = response.context["pages"][0]
    assert listed.listed.starts == datetime.datetime(2027, 3, 16, 18, tzinfo=ROME)


def test_bad_filter_values_are_explained_and_left_out(client):
    response = client.get(
        "/ar/eventi/", {"date_from": "ieri", "municipality": "atlantide", "topic": "language"}
    )
    assert response.status_code == 200
    assert set(response.context["filter_errors"]) == {"date_from", "municipality"}
    assert 'role="alert"' in response.content.decode()
    assert listed_keys(response, "ar") == {CAFE}
    assert client.get("/it/eventi/calendar/2027/2/", {"date_to": "x"}).status_code == 200


# --- Month calendar ---------------------------------------------------------------------


def test_the_month_calendar_is_a_table_with_each_days_events_as_links(client):
    cafe = event(CAFE)
    response = client.get("/it/eventi/calendar/2027/3/")
    assert response.status_code == 200
    html = response.content.decode()
    table = re.search(r'<table class="calendar">.*?</table>', html, re.S).group(0)
    assert re.search(r"<caption[^>]*>\s*[Mm]arzo 2027\s*</caption>", table)
    headers = re.findall(r'<th scope="col"><abbr title="([^"]+)">', table)
    assert [name.lower() for name in headers] == [
        "lunedì",
        "martedì",
        "mercoledì",
        "giovedì",
        "venerdì",
        "sabato",
        "domenica",
    ]
    # A link on each Tuesday of March but the excluded 30th, at 18:00.
    cells = re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)
    with_cafe = [
        re.search(r'calendar__date">(\d+)', cell).group(1) for cell in cells if cafe.url in cell
    ]
    assert with_cafe == ["2", "9", "16", "23"]
    assert 'datetime="2027-03-02T18:00:00+01:00"' in table
    assert 'datetime="2027-03-30' not in table
    # Summer time from 28 March: still 18:00 on the page, a different UTC offset.
    april = client.get("/it/eventi/calendar/2027/4/").content.decode()
    assert 'datetime="2027-04-06T18:00:00+02:00"' in april
    # Chosen dates narrow the month too: from 10 March, the 16th and the 23rd are left.
    later = client.get("/it/eventi/calendar/2027/3/", {"date_from": "2027-03-10"})
    assert later.content.decode().count(f'href="{cafe.url}"') == 2


def test_months_link_to_each_other_keeping_the_filters(client):
    response = client.get("/it/eventi/calendar/2027/1/", {"municipality": "cremona"})
    html = response.content.decode()
    assert 'href="/it/eventi/calendar/2026/12/?municipality=cremona" rel="prev"' in html
    assert 'href="/it/eventi/calendar/2027/2/?municipality=cremona" rel="next"' in html
    assert event(CAFE).url not in html  # Casalmaggiore is filtered out
    assert 'href="/it/eventi/feed.ics?municipality=cremona"' in html
    assert client.get("/it/eventi/calendar/2027/13/").status_code == 404
    assert client.get("/it/eventi/calendar/1066/10/").status_code == 404
    today = timezone.localdate()
    current = client.get("/it/eventi/calendar/")
    assert current.status_code == 200
    assert current.context["month"].first == today.replace(day=1)
    assert 'aria-current="date"' in current.content.decode()


def test_the_calendar_works_right_to_left_in_arabic_and_urdu(client):
    for code in ("ar", "ur"):
        response = client.get(f"/{code}/eventi/calendar/2027/3/")
        assert response.status_code == 200
        html = response.content.decode()
        assert f'<html lang="{code}" dir="rtl">' in html
        assert event(CAFE, code).url in html


# --- Structured data --------------------------------------------------------------------


def json_ld(response):
    found = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert len(found) == 1
    return json.loads(found[0])


def test_an_event_page_describes_itself_as_a_schema_org_event(client):
    cafe = event(CAFE, "fr")
    data = json_ld(client.get(cafe.url))
    assert data["@type"] == "Event"
    assert data["name"] == cafe.title
    assert data["inLanguage"] == "fr"
    assert data["isAccessibleForFree"] is True
    assert data["location"]["address"]["addressLocality"] == "Casalmaggiore"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT18:00:00\+0[12]:00", data["startDate"])
    schedule = data["eventSchedule"]
    assert schedule["repeatFrequency"] == "P1W"
    assert schedule["byDay"] == ["https://schema.org/Tuesday"]
    assert schedule["startTime"] == "18:00" and schedule["endTime"] == "19:30"
    assert schedule["exceptDate"] == ["2027-03-30"]


def test_structured_data_cannot_break_out_of_its_script_element(client):
    page = event("event-demo-incontro-assegno-unico-vescovato")
    page.title = "Incontro </script><script>alert(1)</script> & altro"
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and "\\u003c/script\\u003e" in block
    assert json.loads(block)["name"] == page.title


# --- Query budget -----------------------------------------------------------------------


def add_events(first, count):
    index = EventIndexPage.objects.get(locale__language_code="it")
    cremona = Municipality.objects.get(slug="cremona", locale__language_code="it")
    starts = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(hours=1)
    for number in range(first, first + count):
        index.add_child(
            instance=EventPage(
                title=f"Evento di prova {number}",
                slug=f"evento-di-prova-{number}",
                starts=starts + datetime.timedelta(hours=number),
                recurrence="FREQ=WEEKLY;COUNT=4" if number % 2 else "",
                municipality=cremona,
            )
        )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "url", ["/it/eventi/", "/it/eventi/past/", "/it/eventi/calendar/", "/it/eventi/feed.ics"]
)
def test_event_views_make_as_many_queries_for_3_events_as_for_30(client, url):
    add_events(0, 3)
    queries_for(client, url)  # caches that fill once per process
    few = queries_for(client, url)
    add_events(3, 27)
    assert queries_for(client, url) == few
