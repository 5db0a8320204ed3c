"""What residents search for is counted per day and language without personal data, and
communications staff read it in the admin report "What residents search for"."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.utils import timezone

from search import querylog
from search.models import SearchQueryLog

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/searches/"
NONSENSE = "qqxqzzv wwxwkk"


def rows(**filters):
    return list(
        SearchQueryLog.objects.filter(**filters).values("lang", "query", "searches", "zero_results")
    )


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("chiamare 3331234567 mario@example.com", "chiamare [phone] [email]"),
        ("  Medico   DI\tfamiglia ", "medico di famiglia"),
        ("tel. +39 0375 380 214 sportello", "tel. [phone] sportello"),
        ("(0372) 123456", "[phone]"),
        ("cap 26100 Cremona", "cap [number] cremona"),
        ("codice RSSMRA85T10A562S", "codice [id]"),
        ("رقم ٠٣٣٣١٢٣٤٥٦٧", "رقم [phone]"),  # Arabic-Indic digits are digits too
        ("corso A1 via Roma 12", "corso a1 via roma 12"),
        ("x" * 300, "x" * 100),
        ("\x00\x1b", ""),
    ],
)
def test_queries_are_stored_without_personal_data(typed, stored):
    assert querylog.normalise(typed) == stored


def test_a_search_on_the_page_is_counted_scrubbed_with_nothing_about_the_visitor(client):
    response = client.get(
        "/it/search/",
        {"q": "chiamare 3331234567 mario@example.com"},
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT="Mozilla/5.0 test",
    )
    assert response.status_code == 200
    total = response.context["search"].total
    assert rows() == [
        {
            "lang": "it",
            "query": "chiamare [phone] [email]",
            "searches": 1,
            "zero_results": 1 if total == 0 else 0,
        }
    ]
    row = SearchQueryLog.objects.get()
    assert row.day == timezone.localdate()
    # Only the day, the language, the scrubbed words and two counters: no address, user,
    # session or time of day.
    fields = {field.name for field in SearchQueryLog._meta.get_fields()}
    assert fields == {"id", "day", "lang", "query", "searches", "zero_results"}
    stored = " ".join(str(value) for value in rows()[0].values())
    for secret in ("3331234567", "mario", "example.com", "203.0.113.7", "Mozilla"):
        assert secret not in stored


def test_next_pages_and_facet_choices_do_not_count_again(client):
    for params in (
        {"q": NONSENSE},
        {"q": NONSENSE, "page": "2"},
        {"q": NONSENSE, "page": "3"},
        {"q": NONSENSE, "type": "service"},
        {"q": NONSENSE, "topic": "health", "page": "1"},
    ):
        assert client.get("/uk/search/", params).status_code == 200
    assert rows() == [{"lang": "uk", "query": NONSENSE, "searches": 1, "zero_results": 1}]
    client.get("/uk/search/", {"q": NONSENSE.upper()})  # the same words, searched again
    assert rows() == [{"lang": "uk", "query": NONSENSE, "searches": 2, "zero_results": 2}]


def test_searches_with_results_and_through_the_api_are_counted_per_language(client):
    client.get("/api/search/", {"q": "Cremona", "lang": "ar"})
    client.get("/api/search/", {"q": "Cremona", "lang": "ar", "page": "2"})
    client.get("/it/search/", {"q": "Cremona"})
    client.get("/it/search/", {"q": ""})
    client.get("/it/search/", {"q": "   "})
    client.get("/api/search/autocomplete/", {"q": "Cremona", "lang": "it"})  # not a search
    found = {row["lang"]: row for row in rows()}
    assert set(found) == {"ar", "it"}
    assert found["it"]["searches"] == 1 and found["ar"]["searches"] == 1
    assert found["it"]["zero_results"] == 0


def test_record_adds_to_the_days_row():
    querylog.record("Vaccini", "it", 3)
    querylog.record("vaccini ", "it", 0)
    querylog.record("vaccini", "ar", 0)
    querylog.record("", "it", 0)
    assert sorted(rows(), key=lambda row: row["lang"]) == [
        {"lang": "ar", "query": "vaccini", "searches": 1, "zero_results": 1},
        {"lang": "it", "query": "vaccini", "searches": 2, "zero_results": 1},
    ]


def test_two_requests_counting_the_same_new_query_at_once_both_count(monkeypatch):
    querylog.record("scuola", "it", 1)
    increment = querylog._increment
    calls = []

    def racing(key, zero):
        # The first look finds no row, as if the other request had not created it yet.
        calls.append(key)
        return 0 if len(calls) == 1 else increment(key, zero)

    monkeypatch.setattr(querylog, "_increment", racing)
    querylog.record("scuola", "it", 0)
    assert len(calls) == 2
    assert rows() == [{"lang": "it", "query": "scuola", "searches": 2, "zero_results": 1}]


def test_prune_deletes_the_counts_older_than_the_days_kept():
    today = timezone.localdate()
    for age in (0, 29, 30, 400):
        SearchQueryLog.objects.create(
            day=today - datetime.timedelta(days=age), lang="it", query=f"q{age}", searches=1
        )
    call_command("prune_search_log", "--days", "30", stdout=open("/dev/null", "w"))
    assert sorted(SearchQueryLog.objects.values_list("query", flat=True)) == ["q0", "q29"]
    call_command("prune_search_log", stdout=open("/dev/null", "w"))  # a year by default
    assert SearchQueryLog.objects.count() == 2


# --- The admin report ----------------------------------------------------------------------


@pytest.fixture
def logged():
    today = timezone.localdate()
    for day, lang, query, searches, zero in [
        (today, "it", "permesso di soggiorno", 5, 0),
        (today - datetime.timedelta(days=3), "it", "permesso di soggiorno", 2, 0),
        (today, "ar", "طبيب", 3, 0),
        (today, "uk", "садочок", 4, 4),
        (today - datetime.timedelta(days=60), "it", "vecchia ricerca", 9, 9),
    ]:
        SearchQueryLog.objects.create(
            day=day, lang=lang, query=query, searches=searches, zero_results=zero
        )


def make_user(username, *permissions, groups=()):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw")
    for codename in permissions:
        app_label, codename = codename.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def test_the_report_shows_frequent_and_fruitless_searches_to_a_superuser(client, logged):
    client.force_login(get_user_model().objects.create_superuser("boss", "b@example.org", "pw"))
    response = client.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "permesso di soggiorno" in html and "طبيب" in html and "садочок" in html
    assert "vecchia ricerca" not in html  # older than the default 30 days
    frequent = list(response.context["object_list"])
    assert frequent[0] == {
        "lang": "it",
        "query": "permesso di soggiorno",
        "total_searches": 7,
        "total_zero_results": 0,
    }
    assert [row["query"] for row in response.context["zero_results"]] == ["садочок"]

    response = client.get(REPORT, {"lang": "it", "period": "90"})
    queries = {row["query"] for row in response.context["object_list"]}
    assert queries == {"permesso di soggiorno", "vecchia ricerca"}
    response = client.get(REPORT, {"period": "7"})
    assert {row["query"] for row in response.context["object_list"]} == {
        "permesso di soggiorno",
        "طبيب",
        "садочок",
    }
    assert client.get(REPORT, {"period": "bad"}).status_code == 200
    assert client.get(REPORT + "results/", {"lang": "uk"}).status_code == 200
    # The report is in the admin's Reports menu.
    assert REPORT in client.get("/admin/").content.decode()


def test_the_report_exports_csv(client, logged):
    client.force_login(get_user_model().objects.create_superuser("boss", "b@example.org", "pw"))
    SearchQueryLog.objects.create(
        day=timezone.localdate(), lang="fr", query="=cmd|' /c calc'!a1", searches=1
    )
    response = client.get(REPORT, {"export": "csv", "period": "30"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    lines = text.splitlines()
    assert len(lines) == 1 + 4
    assert "permesso di soggiorno,7,0" in text
    assert "садочок,4,4" in text
    assert "'=cmd" in text  # never read as a formula by a spreadsheet


def test_staff_with_the_permission_see_the_report(client, logged):
    group = Group.objects.create(name="Communications")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="search", codename="view_searchquerylog"),
    )
    client.force_login(make_user("comms", groups=["Communications"]))
    assert client.get(REPORT).status_code == 200
    assert REPORT in client.get("/admin/").content.decode()


def test_editors_without_the_permission_do_not(client, logged):
    client.force_login(make_user("editor", groups=["Translators (ar)"]))
    response = client.get(REPORT)
    assert response.status_code in (302, 403)
    assert "permesso di soggiorno" not in response.content.decode()
    assert client.get(REPORT, {"export": "csv"}).status_code in (302, 403)
    assert REPORT not in client.get("/admin/").content.decode()
    client.logout()
    response = client.get(REPORT)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
