"""Search on the real engine: each language analysed as itself, the visitor's language first,
Italian and English as a fallback, typos forgiven, facets counted per page."""

import pytest
from django.conf import settings
from wagtail.models import Page

from search import engine as site_search
from services.models import ServicePage

pytestmark = pytest.mark.django_db

VACCINATIONS = "service-demo-vaccinazioni-bambini"
CHINESE_NEW_YEAR = "event-demo-capodanno-cinese-cremona"  # neither in Punjabi nor in Albanian
LANGUAGES = [code for code, _ in settings.LANGUAGES]


def keys(response, top=None):
    return [result.key for result in response.results[:top]]


def analyse(engine, analyzer, text):
    index = engine.get_index_for_model(Page).name
    tokens = engine.es.indices.analyze(index=index, body={"analyzer": analyzer, "text": text})
    return [token["token"] for token in tokens["tokens"]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_api_finds_a_page_by_its_title_in_every_language(client, engine, lang):
    title = ServicePage.objects.get(import_key=VACCINATIONS, locale__language_code=lang).title
    data = client.get("/api/search/", {"q": title, "lang": lang}).json()
    assert data["backend"] == engine.engine_name
    assert data["lang"] == lang and data["query"] == title
    first = data["results"][0]
    assert first["key"] == VACCINATIONS
    assert first["locale"] == lang and first["translated"] is True
    assert first["url"].startswith(f"/{lang}/")
    assert set(first) == {"key", "type", "title", "url", "locale", "snippet", "translated"}
    assert set(data["facets"]) == {"type", "municipality", "topic", "audience"}


def test_each_language_is_analysed_with_its_own_rules(engine):
    # Italian: elision, plural and accents folded; Arabic: normalised and stemmed.
    assert analyse(engine, "tdi_it", "L'iscrizione all'università") == analyse(
        engine, "tdi_it", "iscrizioni universita"
    )
    assert analyse(engine, "tdi_ar", "التطعيمات") == analyse(engine, "tdi_ar", "تطعيمات")
    # Urdu typed on an Arabic keyboard (Arabic yeh and kaf) meets Urdu text.
    assert analyse(engine, "tdi_ur", "ڈاکٹر کی فیس") == analyse(engine, "tdi_ur", "ڈاكٹر كي فيس")
    # Albanian without diacritics, as residents often type it.
    assert analyse(engine, "tdi_sq", "shkollë") == analyse(engine, "tdi_sq", "shkolle")
    # Chinese, written without spaces, is cut into overlapping pairs of characters.
    assert analyse(engine, "tdi_zh_hans", "疫苗接种") == ["疫苗", "苗接", "接种"]


def test_words_of_other_languages_do_not_leak_into_a_languages_results(engine):
    # "enfants" is in the French title only; French is neither Arabic nor a fallback.
    assert site_search.search("enfants", "ar").total == 0
    assert VACCINATIONS in keys(site_search.search("enfants", "fr"))


def test_results_come_in_the_visitors_language(engine):
    response = site_search.search("تطعيمات الأطفال", "ar")
    assert keys(response, 3)[0] == VACCINATIONS
    assert all(result.locale == "ar" for result in response.results)


def test_an_untranslated_page_is_found_through_its_italian_text_and_labelled(engine):
    response = site_search.search("capodanno cinese", "pa")
    result = next(r for r in response.results if r.key == CHINESE_NEW_YEAR)
    assert result.translated is False
    assert result.url.startswith("/pa/")  # the page in the resident's language tree, in Italian


def test_typos_are_forgiven(engine):
    assert VACCINATIONS in keys(site_search.search("vacinazioni bambni", "it"), 3)
    assert VACCINATIONS in keys(site_search.search("vacinations childern", "en"), 3)


def test_matches_are_highlighted_in_the_snippet(engine):
    result = site_search.search("vaccinazioni", "it").results[0]
    assert "<mark>" in result.snippet


def test_facets_count_pages_and_filter_results(engine):
    response = site_search.search("corso italiano", "it")
    types = {facet["value"]: facet["count"] for facet in response.facets["type"]}
    assert types["course"] == 3
    courses = site_search.search("corso italiano", "it", filters={"type": "course"})
    assert courses.total == 3 and {r.type for r in courses.results} == {"course"}
    chosen = next(f for f in courses.facets["type"] if f["value"] == "course")
    assert chosen["selected"] and chosen["label"] == "Corsi"
    # Other facets still show their values, counted within the chosen type.
    assert sum(f["count"] for f in courses.facets["municipality"]) >= 3


def test_results_are_paginated(engine):
    first = site_search.search("corso", "it", per_page=1, page=1)
    second = site_search.search("corso", "it", per_page=1, page=2)
    assert first.total == second.total >= 2
    assert keys(first) != keys(second)


def test_autocomplete_suggests_titles_as_the_resident_types(client, engine):
    data = client.get("/api/search/autocomplete/", {"q": "vacc", "lang": "it"}).json()
    assert data["suggestions"][0]["url"].endswith("/demo-vaccinazioni-bambini/")
    data = client.get("/api/search/autocomplete/", {"q": "تطع", "lang": "ar"}).json()
    assert data["suggestions"][0]["url"].startswith("/ar/")


@pytest.mark.parametrize(
    "query",
    [
        "x" * 5000,
        "medico\x00\x07\x1b[31m",
        'title:(foo) AND "bar OR (((',
        "طبيب doctor 医生 лікар",
        "   ",
    ],
    ids=["very-long", "control-characters", "engine-syntax", "mixed-scripts", "blank"],
)
def test_bad_queries_get_a_normal_answer(client, engine, query):
    response = client.get("/api/search/", {"q": query, "lang": "ar"})
    assert response.status_code == 200
    assert len(response.json()["query"]) <= site_search.MAX_QUERY_LENGTH
    assert client.get("/ar/search/", {"q": query}).status_code == 200


def test_an_unknown_language_is_refused_with_a_clear_message(client):
    response = client.get("/api/search/", {"q": "medico", "lang": "klingon"})
    assert response.status_code == 400
    assert "unknown language 'klingon'" in response.json()["error"]


def test_when_the_engine_is_down_the_database_answers(client, engine, settings):
    backends = {name: dict(config) for name, config in settings.WAGTAILSEARCH_BACKENDS.items()}
    backends["default"]["URLS"] = ["http://127.0.0.1:9"]  # nothing listens there
    backends["default"]["BACKEND"] = "search.backends.opensearch2"
    settings.WAGTAILSEARCH_BACKENDS = backends
    response = client.get("/api/search/", {"q": "vaccinazioni", "lang": "it"})
    assert response.status_code == 200
    data = response.json()
    assert data["backend"] == "database"
    assert VACCINATIONS in [r["key"] for r in data["results"]]
    assert client.get("/it/search/", {"q": "vaccinazioni"}).status_code == 200


def test_publishing_unpublishing_and_translating_keep_the_index_true(
    engine, live_indexing, import_json
):
    from .items import content_file, item

    data = content_file(
        item(
            "service",
            "service-test-quokka",
            translations={
                "it": {"title": "Sportello quokka", "summary": "Quokka.", "body": "Uno.\n\nDue."},
            },
        )
    )
    import_json(data)
    live_indexing()
    assert keys(site_search.search("quokka", "it")) == ["service-test-quokka"]
    assert site_search.search("quokka", "ar").results[0].translated is False

    data["items"][0]["translations"]["ar"] = {
        "title": "مكتب الكوكا",
        "summary": "كوكا.",
        "body": "واحد.\n\nاثنان.",
    }
    import_json(data)
    live_indexing()
    arabic = site_search.search("الكوكا", "ar")
    assert keys(arabic) == ["service-test-quokka"] and arabic.results[0].translated

    page = ServicePage.objects.get(import_key="service-test-quokka", locale__language_code="it")
    page.unpublish()
    live_indexing()
    assert site_search.search("quokka", "it").total == 0


def test_deleting_a_page_takes_it_out_of_the_index(engine, live_indexing, import_json):
    from .items import content_file, item

    texts = {"it": {"title": "Sportello wombat", "summary": "Wombat.", "body": "Uno.\n\nDue."}}
    import_json(content_file(item("service", "service-test-wombat", translations=texts)))
    live_indexing()
    assert site_search.search("wombat", "it").total == 1
    for page in ServicePage.objects.filter(import_key="service-test-wombat").order_by("-depth"):
        page.delete()
    live_indexing()
    assert site_search.search("wombat", "it").total == 0


def test_editors_pin_promoted_results_per_language(client, engine):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    arabic = ServicePage.objects.get(import_key=VACCINATIONS, locale__language_code="ar")
    SearchPromotion.objects.create(query=Query.get("aiuto"), page=arabic, sort_order=0)
    assert client.get("/ar/search/", {"q": "aiuto"}).context["promoted"] == [arabic]
    assert client.get("/it/search/", {"q": "aiuto"}).context["promoted"] == []
