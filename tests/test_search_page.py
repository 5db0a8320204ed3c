"""The residents' search page: results in their language, Italian pages labelled as such,
facets and pages that keep the search, help when nothing is found, and no error on bad input.

Written to pass on the database backend and on the engine: they check behaviour, not ranking."""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page

from associations.models import AssociationPage
from events.models import EventPage
from home.models import HomePage
from search.engine import SearchResponse
from services.models import ServicePage

pytestmark = pytest.mark.django_db

VACCINATIONS = "service-demo-vaccinazioni-bambini"
CHINESE_NEW_YEAR = "event-demo-capodanno-cinese-cremona"  # not in Punjabi nor in Albanian
JAPPOO = "association-demo-jappoo-senegalesi"  # not in Spanish


def gettext_in(lang, message):
    with translation.override(lang):
        return translation.gettext(message)


def main_html(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def result_item(html, url):
    """The search result (an <li class="card …">) that links to `url`."""
    for item in re.findall(r'<li class="card[^"]*">.*?</li>', html, re.S):
        if f'href="{url}"' in item:
            return item
    raise AssertionError(f"no result links to {url}")


def search(client, lang, **params):
    response = client.get(f"/{lang}/search/", params)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("lang", ["ar", "zh-hans"])
def test_results_in_the_visitors_language_with_facets(client, lang):
    page = ServicePage.objects.get(import_key=VACCINATIONS, locale__language_code=lang)
    response = search(client, lang, q=page.title)
    html = response.content.decode()
    bidi = "rtl" if lang == "ar" else "ltr"
    assert f'<html lang="{lang}" dir="{bidi}">' in html
    assert '<meta name="robots" content="noindex">' in html

    assert response.context["search"].total >= 1
    item = result_item(html, page.url)
    assert escape(page.title) in item
    assert gettext_in(lang, "Not yet in your language – in Italian") not in item
    assert 'lang="it"' not in item

    # Facets: named in the visitor's language, counted, links that keep the words.
    main = main_html(response)
    assert f'aria-label="{gettext_in(lang, "Refine the results")}"' in main
    service_link = re.search(r'<a href="(\?[^"]*type=service[^"]*)">([^<]+)\((\d+)\)</a>', main)
    assert service_link, "no link to choose the services"
    assert "q=" in service_link.group(1)
    with translation.override(lang):
        assert str(ServicePage._meta.verbose_name_plural).capitalize() in service_link.group(2)


def test_a_facet_choice_keeps_the_words_and_can_be_removed(client):
    page = ServicePage.objects.get(import_key=VACCINATIONS, locale__language_code="it")
    response = search(client, "it", q=page.title, type="service", topic="health")
    main = main_html(response)
    assert response.context["search"].total >= 1
    assert all(r.type == "service" for r in response.context["search"].results)
    chosen = re.findall(r'<a href="([^"]*)" aria-current="true">', main)
    assert len(chosen) == 2
    for href in chosen:  # each chosen value links to the search without it, keeping the rest
        href = href.replace("&amp;", "&")
        assert "q=" in href
        assert ("type=service" in href) != ("topic=health" in href)
    assert gettext_in("it", "Remove all choices") in main


@pytest.mark.parametrize(
    "lang, key, query, model",
    [
        ("pa", CHINESE_NEW_YEAR, "Capodanno cinese", EventPage),
        ("sq", CHINESE_NEW_YEAR, "Capodanno cinese", EventPage),
        ("es", JAPPOO, "Jàppoo senegalesi", AssociationPage),
    ],
)
def test_a_page_not_yet_translated_is_labelled_and_marked_italian(client, lang, key, query, model):
    alias = model.objects.get(import_key=key, locale__language_code=lang)
    assert alias.alias_of_id, "the demo content changed: this page is now translated"
    response = search(client, lang, q=query)
    item = result_item(response.content.decode(), alias.url)
    assert gettext_in(lang, "Not yet in your language – in Italian") in item
    assert re.search(r'<a href="[^"]+" lang="it" dir="ltr">', item)
    assert escape(alias.title) in item


def test_pages_editors_recommend_come_first_and_only_once(client):
    page = ServicePage.objects.get(import_key=VACCINATIONS, locale__language_code="it")
    query = Query.get("vaccinazioni")
    SearchPromotion.objects.create(query=query, page=page, sort_order=0)
    response = search(client, "it", q="vaccinazioni")
    main = main_html(response)
    assert gettext_in("it", "Recommended") in main
    first = re.search(r'<li class="card[^"]*">.*?</li>', main, re.S).group(0)
    assert "card--promoted" in first and page.url in first
    assert main.count(f'href="{page.url}"') == 1


def section_urls(lang):
    home = HomePage.objects.get(locale__language_code=lang)
    models = {"serviceindexpage", "courseindexpage", "eventindexpage", "associationindexpage"}
    return [
        child.url
        for child in home.get_children().live()
        if child.specific_class._meta.model_name in models
    ]


def test_no_results_helps_in_the_visitors_language(client):
    response = search(client, "uk", q="жжжщщщ qqxqzz")
    assert response.context["search"].total == 0
    main = main_html(response)
    assert escape(gettext_in("uk", "Check the spelling of the words.")) in main
    assert (
        escape(gettext_in("uk", "Try fewer words, or other words with the same meaning.")) in main
    )
    assert escape(gettext_in("uk", "Try the words in Italian or in English.")) in main
    mediator = gettext_in(
        "uk",
        "Do you need someone who speaks your language? At any service desk or health service "
        "you can ask for a linguistic-cultural mediator (in Italian: “mediatore "
        "linguistico-culturale”) who speaks your language.",
    )
    assert "mediatore" in mediator and escape(mediator) in main
    urls = section_urls("uk")
    assert len(urls) == 4
    for url in urls:
        assert f'href="{url}"' in main
    # Nothing technical for residents, whichever backend answered.
    for word in ("database", "opensearch", "elasticsearch", "backend"):
        assert word not in main.lower()


def test_an_empty_search_shows_the_form_and_hints(client):
    response = search(client, "fr")
    main = main_html(response)
    assert 'name="q"' in main and 'id="search-q"' in main
    hint = gettext_in("fr", "You can write in your language, in Italian or in English.")
    assert hint != "You can write in your language, in Italian or in English."
    assert escape(hint) in main
    assert "results-title" not in main


@pytest.mark.parametrize(
    "params",
    [
        {"q": "vaccini " * 700},
        {"q": "vacc\x00ini\x1b\x7f\u200b"},
        {"q": '" AND (( title:*'},
        {"q": "*:* OR 1=1 --"},
        {"q": "<script>alert(1)</script>"},
        {"q": "vaccini", "page": "abc"},
        {"q": "vaccini", "page": "-1"},
        {"q": "vaccini", "page": "999999"},
        {"q": "vaccini", "type": "<b>x</b>", "municipality": "atlantide", "topic": "x" * 500},
        {"q": ["vaccini", "corsi"], "page": ["1", "2"]},
    ],
)
def test_bad_input_is_answered_not_an_error(client, params):
    response = client.get("/it/search/", params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html and "<b>x</b>" not in html


def test_a_page_number_past_the_end_links_back_to_the_first_page(client):
    page = ServicePage.objects.get(import_key=VACCINATIONS, locale__language_code="it")
    response = search(client, "it", q=page.title, page="999999")
    assert response.context["search"].total >= 1
    assert response.context["search"].results == []
    assert gettext_in("it", "Go to the first page of results") in main_html(response)


def test_result_pages_keep_the_words_and_the_choices(rf):
    request = rf.get("/it/search/", {"q": "corso", "type": "course", "page": "2"})
    search = SearchResponse(query="corso", lang="it", backend="database", total=25, page=2)
    html = render_to_string(
        "search/includes/pagination.html",
        {"search": search, "search_query": "corso"},
        request=request,
    ).replace("&amp;", "&")
    links = dict(
        (rel, href) for href, rel in re.findall(r'<a href="\?([^"]+)" rel="(prev|next)">', html)
    )
    assert set(links) == {"prev", "next"}
    for rel, page in (("prev", "1"), ("next", "3")):
        assert sorted(links[rel].split("&")) == sorted(["q=corso", "type=course", f"page={page}"])
    assert 'aria-current="page"' in html


def test_every_page_loads_the_suggestions_script_and_the_header_field_asks_for_it(client):
    html = client.get("/ar/").content.decode()
    assert re.search(r'<script src="[^"]*js/autocomplete[^"]*\.js" defer></script>', html)
    assert 'data-autocomplete="/api/search/autocomplete/"' in html
    assert "onclick" not in html and "<script>" not in html


def test_suggestions_api_gives_titles_and_links(client):
    page = ServicePage.objects.get(import_key=VACCINATIONS, locale__language_code="it")
    data = client.get("/api/search/autocomplete/", {"q": page.title[:6], "lang": "it"}).json()
    assert set(data) == {"query", "lang", "suggestions"}
    assert {"title": page.title, "url": page.url, "type": "service", "lang": "it"} in data[
        "suggestions"
    ]
    assert Page.objects.get(pk=page.pk)  # nothing was changed by asking
