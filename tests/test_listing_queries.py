"""Listing pages cost the same number of database queries however many items they show.

Issue budget: "listing pages make a bounded number of database queries whatever the number of
items (test it with query counting)". Each listing is requested in Arabic with N items and with
3N (half of them untranslated, shown in Italian, as aliases), without and with filters: the
count of queries must not change. A card that fetched its own locale, taxonomy terms, sessions
or translation would add queries per item and fail here.
"""

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from associations.models import AssociationIndexPage
from courses.models import CourseIndexPage
from events.models import EventIndexPage
from services.models import ServiceIndexPage

from .items import content_file, item
from .public_pages import first_live

pytestmark = pytest.mark.django_db

LISTINGS = {
    "service": ServiceIndexPage,
    "course": CourseIndexPage,
    "event": EventIndexPage,
    "association": AssociationIndexPage,
}
FEW = 4
MANY = 3 * FEW  # still one page of results (ListingPage.per_page is 12)
CARD = re.compile(r'<li class="card card--')
NUMBER = re.compile(r"\b\d+\b")


def add_items(import_json, kind, count, first_number):
    """`count` new live items of this kind, every other one translated into Arabic."""
    items = []
    for number in range(first_number, first_number + count):
        key = f"{kind}-conta-{number}"
        italian = {"title": f"Voce {number}", "summary": "Riassunto.", "body": "Testo."}
        translations = {"it": italian}
        if number % 2:
            translations["ar"] = {"title": f"عنصر {number}", "summary": "ملخص.", "body": "نص."}
        items.append(
            item(
                kind,
                key,
                translations=translations,
                topics=["health", "work"],
                audience=["adults", "families"],
            )
        )
    import_json(content_file(*items), name=f"{kind}-{first_number}.json")


def queries_and_cards(client, url, query):
    client.get(url, query)  # the first request fills per-process caches (sites, root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries], len(CARD.findall(response.text))


@pytest.mark.parametrize(
    "query", [{}, {"topic": "health", "audience": "adults"}], ids=["all", "filtered"]
)
@pytest.mark.parametrize("kind", LISTINGS)
def test_a_listing_makes_as_many_queries_for_many_items_as_for_a_few(
    client, import_json, kind, query
):
    index = first_live(LISTINGS[kind], "ar")
    _queries, shown = queries_and_cards(client, index.url, query)
    assert shown < FEW
    add_items(import_json, kind, FEW - shown, first_number=1)
    few_queries, few_cards = queries_and_cards(client, index.url, query)
    add_items(import_json, kind, MANY - FEW, first_number=FEW + 1)
    many_queries, many_cards = queries_and_cards(client, index.url, query)

    assert (few_cards, many_cards) == (FEW, MANY)
    added = Counter(map(shape, many_queries)) - Counter(map(shape, few_queries))
    assert len(many_queries) == len(few_queries), "queries added by the extra items:\n" + "\n".join(
        f"{count} × {sql[:300]}" for sql, count in added.items()
    )


def shape(sql):
    """A query without its numbers: the same query for another item has the same shape."""
    return NUMBER.sub("N", sql)
