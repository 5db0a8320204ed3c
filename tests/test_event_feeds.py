"""Feeds residents subscribe to: iCalendar per language and per filter, read as a calendar
app would (with its time zone and repeating events), RSS and Atom, and the links to them."""

import datetime
import re
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from django.conf import settings

from events.models import EventPage

from .items import content_file, item

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")
CAFE = "event-demo-caffe-conversazione-casalmaggiore"
LANGUAGE_CODES = [code for code, _ in settings.LANGUAGES]


def event(key, code="it"):
    return EventPage.objects.get(import_key=key, locale__language_code=code)


def calendar_at(client, url, **query):
    response = client.get(url, query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def dates_between(calendar, start, end):
    """What a calendar app shows: every date of every event, repeating ones expanded."""
    return recurring_ical_events.of(calendar).between(start, end)


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_each_languages_feed_shows_the_weekly_cafe_every_tuesday_at_18_local(client, code):
    calendar = calendar_at(client, f"/{code}/eventi/feed.ics")
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Rome"]
    for component in calendar.walk("VEVENT"):
        assert component["UID"] and component["DTSTAMP"] and component["SUMMARY"]
        assert component["DTSTART"].params["TZID"] == "Europe/Rome"
    cafe = event(CAFE, code)
    dates = [
        occurrence
        for occurrence in dates_between(
            calendar, datetime.date(2027, 1, 1), datetime.date(2027, 7, 31)
        )
        if occurrence["SUMMARY"] == cafe.title
    ]
    starts = [occurrence.start for occurrence in dates]
    tuesdays = [datetime.date(2027, 1, 12) + datetime.timedelta(weeks=n) for n in range(25)]
    tuesdays.remove(datetime.date(2027, 3, 30))  # excluded: Easter holidays
    assert [start.date() for start in starts] == tuesdays
    assert {(start.hour, start.minute) for start in starts} == {(18, 0)}
    assert {(o.end.hour, o.end.minute) for o in dates} == {(19, 30)}
    # Winter time before 28 March 2027, summer time after: same local hour.
    assert {start.utcoffset() for start in starts if start.month < 3} == {
        datetime.timedelta(hours=1)
    }
    assert {start.utcoffset() for start in starts if start.month > 3} == {
        datetime.timedelta(hours=2)
    }


def test_an_autumn_series_stays_at_18_after_summer_time_ends(client, import_json):
    data = item("event", "event-test-autunno")
    data["event"].update(
        starts="2027-10-05T18:00",
        ends="2027-10-05T20:00",
        recurrence="FREQ=WEEKLY;UNTIL=20271130",
    )
    import_json(content_file(data))
    calendar = calendar_at(client, "/ar/eventi/feed.ics")
    title = event("event-test-autunno", "ar").title
    starts = [
        o.start
        for o in dates_between(calendar, datetime.date(2027, 9, 1), datetime.date(2028, 1, 1))
        if o["SUMMARY"] == title
    ]
    assert [s.date() for s in starts] == [
        datetime.date(2027, 10, 5) + datetime.timedelta(weeks=n) for n in range(9)
    ]
    assert {(s.hour, s.minute) for s in starts} == {(18, 0)}
    # 31 October 2027 ends summer time: 16:00 UTC before, 17:00 UTC after.
    utc_hours = [s.astimezone(datetime.UTC).hour for s in starts]
    assert utc_hours == [16] * 4 + [17] * 5


def test_the_same_event_has_the_same_uid_in_every_language_and_file(client):
    def uid_of(calendar, title):
        return next(c["UID"] for c in calendar.walk("VEVENT") if c["SUMMARY"] == title)

    italian = event(CAFE, "it")
    uids = {
        uid_of(calendar_at(client, f"/{code}/eventi/feed.ics"), event(CAFE, code).title)
        for code in ("it", "ar", "zh-hans")
    }
    single = calendar_at(client, italian.url + "event.ics")
    assert {c["UID"] for c in single.walk("VEVENT")} == uids
    assert uids == {f"event-{italian.translation_key}@testserver"}
    # Reading the feed again gives the same file: nothing changes between refreshes.
    first = client.get("/it/eventi/feed.ics").content
    assert client.get("/it/eventi/feed.ics").content == first


def test_one_events_file_holds_that_event_with_its_rule_and_exceptions(client):
    cafe = event(CAFE, "uk")
    response = client.get(cafe.url + "event.ics")
    assert response["Content-Disposition"].startswith("attachment;")
    calendar = icalendar.Calendar.from_ical(response.content)
    (component,) = calendar.walk("VEVENT")
    assert component["SUMMARY"] == cafe.title
    assert component["URL"] == cafe.get_full_url()
    assert component["RRULE"]["FREQ"] == ["WEEKLY"]
    assert component["RRULE"]["UNTIL"][0].tzinfo is not None  # UTC, as RFC 5545 requires
    exdate = component["EXDATE"].dts[0].dt
    assert exdate == datetime.datetime(2027, 3, 30, 18, tzinfo=ROME)
    assert "Casalmaggiore" in component["LOCATION"]
    assert component["GEO"].latitude == pytest.approx(44.9893)


def test_a_filtered_list_links_its_own_filtered_feeds(client):
    response = client.get("/it/eventi/", {"municipality": "casalmaggiore", "page": "1"})
    html = response.content.decode()
    links = dict(re.findall(r'<link rel="alternate" type="([^"]+)" href="([^"]+)"', html))
    assert links == {
        "text/calendar": "/it/eventi/feed.ics?municipality=casalmaggiore",
        "application/rss+xml": "/it/eventi/feed.rss?municipality=casalmaggiore",
        "application/atom+xml": "/it/eventi/feed.atom?municipality=casalmaggiore",
    }
    # The visible links say the same, for people and apps that do not read the head.
    assert 'href="/it/eventi/feed.ics?municipality=casalmaggiore" type="text/calendar"' in html
    calendar = calendar_at(client, "/it/eventi/feed.ics", municipality="casalmaggiore")
    assert [c["SUMMARY"] for c in calendar.walk("VEVENT")] == [event(CAFE).title]
    everything = calendar_at(client, "/it/eventi/feed.ics")
    assert len(everything.walk("VEVENT")) > 1
    # A bad value is left out, as in the list.
    assert calendar_at(client, "/it/eventi/feed.ics", municipality="atlantide").walk("VEVENT")


def test_an_event_page_links_its_own_file_and_its_languages_feeds(client):
    cafe = event(CAFE, "ar")
    html = client.get(cafe.url).content.decode()
    links = re.findall(r'<link rel="alternate" type="([^"]+)" href="([^"]+)"', html)
    assert ("text/calendar", cafe.url + "event.ics") in links
    assert ("text/calendar", "/ar/eventi/feed.ics") in links
    assert ("application/rss+xml", "/ar/eventi/feed.rss") in links
    assert ("application/atom+xml", "/ar/eventi/feed.atom") in links
    assert f'href="{cafe.url}event.ics"' in html.split("</head>")[1]


@pytest.mark.parametrize("code", ["it", "ar", "zh-hans"])
def test_rss_and_atom_feeds_list_upcoming_events_in_the_language(client, code):
    cafe = event(CAFE, code)
    rss = client.get(f"/{code}/eventi/feed.rss")
    assert rss["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(rss.content).find("channel")
    assert channel.findtext("language") == code
    items = {i.findtext("title"): i for i in channel.findall("item")}
    assert cafe.title in items
    assert items[cafe.title].findtext("link") == cafe.get_full_url()
    assert items[cafe.title].findtext("guid") == f"event-{cafe.translation_key}@testserver"

    atom = client.get(f"/{code}/eventi/feed.atom")
    assert atom["Content-Type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = ET.fromstring(atom.content).findall("a:entry", ns)
    assert cafe.title in {e.findtext("a:title", namespaces=ns) for e in entries}


def test_feeds_follow_the_filters_of_the_list(client):
    rss = client.get("/it/eventi/feed.rss", {"municipality": "casalmaggiore"})
    titles = [i.findtext("title") for i in ET.fromstring(rss.content).iter("item")]
    assert titles == [event(CAFE).title]
