"""Site search for residents: their language first, Italian and English as a fallback, typo
tolerant, with facets; the database backend answers when the engine does not."""

import logging
import math
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError
from django.utils.html import escape
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from .analysis import field_suffix
from .documents import TYPE_NAMES, page_key, page_type

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
PER_PAGE = 10
MAX_PAGE = 100
FACETS = {
    "type": "tdi_type",
    "municipality": "tdi_municipality",
    "topic": "tdi_topics",
    "audience": "tdi_audiences",
}
FALLBACK_LANGUAGES = ("it", "en")
# How much more a match in the visitor's language counts than one in the fallback languages.
OWN_LANGUAGE_BOOST = 4


@dataclass
class Result:
    key: str
    type: str
    title: str
    url: str
    locale: str
    snippet: str  # HTML: escaped text with <mark> around the matched words
    translated: bool
    snippet_lang: str = ""
    page: Page = field(repr=False, default=None)
    promoted: bool = False

    def as_json(self):
        return {
            "key": self.key,
            "type": self.type,
            "title": self.title,
            "url": self.url,
            "locale": self.locale,
            "snippet": self.snippet,
            "translated": self.translated,
        }


@dataclass
class SearchResponse:
    query: str
    lang: str
    backend: str
    total: int = 0
    results: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    page: int = 1
    per_page: int = PER_PAGE

    @property
    def pages(self):
        return min(max(1, math.ceil(self.total / self.per_page)), MAX_PAGE)

    def as_json(self):
        return {
            "query": self.query,
            "lang": self.lang,
            "backend": self.backend,
            "total": self.total,
            "page": self.page,
            "pages": self.pages,
            "results": [result.as_json() for result in self.results],
            "facets": self.facets,
        }


def clean_query(text):
    """What we can safely search for: no control characters, no runs of spaces, not too long."""
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text or "")
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0]
    return text


def clean_page_number(value):
    try:
        return min(max(int(value), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def engine_backend():
    """The engine's backend, or None when the site runs on the database backend only."""
    if "database" not in settings.WAGTAILSEARCH_BACKENDS:
        return None
    return get_search_backend("default")


def search(query, lang, filters=None, page=1, per_page=PER_PAGE, request=None):
    query = clean_query(query)
    filters = {name: value for name, value in (filters or {}).items() if name in FACETS and value}
    page = clean_page_number(page)
    backend = engine_backend()
    if not query:
        return SearchResponse(
            query=query, lang=lang, backend=backend_name(backend), per_page=per_page
        )
    if backend is not None:
        try:
            return EngineSearch(backend, query, lang, filters, page, per_page, request).run()
        except Exception as error:  # noqa: BLE001 (any engine failure: answer from the database)
            logger.warning("Search engine failed (%s); answering from the database", error)
    return DatabaseSearch(query, lang, filters, page, per_page, request).run()


def backend_name(backend):
    return getattr(backend, "engine_name", None) or "database"


def language_clause(query, language, boost):
    suffix = field_suffix(language)
    fields = [f"tdi_title_{suffix}^3", f"tdi_text_{suffix}"]
    words = {"query": query, "fields": fields, "type": "best_fields", "boost": boost}
    if language != "zh-hans":  # edit distance means nothing on Chinese characters
        words.update(fuzziness="AUTO", prefix_length=1, max_expansions=30)
    return {
        "bool": {
            "filter": [{"term": {"tdi_lang": language}}],
            "should": [
                {"multi_match": words},
                {
                    "multi_match": {
                        "query": query,
                        "fields": fields,
                        "type": "phrase",
                        "boost": boost,
                    }
                },
            ],
            "minimum_should_match": 1,
        }
    }


def facet_filter(name, value):
    return {"term": {FACETS[name]: value}}


class EngineSearch:
    def __init__(self, backend, query, lang, filters, page, per_page, request):
        self.backend = backend
        self.query = query
        self.lang = lang
        self.filters = filters
        self.page = page
        self.per_page = per_page
        self.request = request
        self.languages = [lang] + [code for code in FALLBACK_LANGUAGES if code != lang]

    def body(self):
        clauses = [
            language_clause(self.query, code, OWN_LANGUAGE_BOOST if code == self.lang else 1)
            for code in self.languages
        ]
        base_filters = [
            {"term": {"tdi_live": True}},
            {"term": {"tdi_alias": False}},
            {"terms": {"tdi_lang": self.languages}},
            {"terms": {"tdi_type": list(TYPE_NAMES.values())}},
        ]
        chosen = [facet_filter(name, value) for name, value in self.filters.items()]
        pages = {"cardinality": {"field": "tdi_translation_key", "precision_threshold": 40000}}
        aggs = {"total": {"filter": {"bool": {"filter": chosen}}, "aggs": {"pages": pages}}}
        for name, field_name in FACETS.items():
            # Each facet counts as if its own choice were not made, so the other values show.
            others = [facet_filter(n, v) for n, v in self.filters.items() if n != name]
            aggs[name] = {
                "filter": {"bool": {"filter": others}},
                "aggs": {
                    "values": {
                        "terms": {"field": field_name, "size": 100},
                        "aggs": {"pages": pages},
                    }
                },
            }
        suffixes = [field_suffix(code) for code in self.languages]
        return {
            "query": {
                "bool": {"filter": base_filters, "should": clauses, "minimum_should_match": 1}
            },
            "post_filter": {"bool": {"filter": chosen}},
            # One result per page, whichever of its languages matched best.
            "collapse": {"field": "tdi_translation_key"},
            "from": (self.page - 1) * self.per_page,
            "size": self.per_page,
            "_source": ["pk", "tdi_translation_key", "tdi_lang"],
            "highlight": {
                "encoder": "html",
                "pre_tags": ["<mark>"],
                "post_tags": ["</mark>"],
                "fields": {
                    f"tdi_{part}_{suffix}": {"fragment_size": 160, "number_of_fragments": 1}
                    for suffix in suffixes
                    for part in ("text", "title")
                },
            },
            "aggs": aggs,
            "track_total_hits": False,
        }

    def run(self):
        response = self.backend.raw_search(self.body())
        aggregations = response["aggregations"]
        hits = response["hits"]["hits"]
        results = build_results(
            [
                Match(
                    hit["_source"]["tdi_translation_key"],
                    int(hit["_source"]["pk"]),
                    snippet_of(hit),
                    hit["_source"]["tdi_lang"],
                )
                for hit in hits
            ],
            self.lang,
            self.request,
        )
        facets = {
            name: [
                {"value": bucket["key"], "count": bucket["pages"]["value"]}
                for bucket in aggregations[name]["values"]["buckets"]
            ]
            for name in FACETS
        }
        return SearchResponse(
            query=self.query,
            lang=self.lang,
            backend=backend_name(self.backend),
            total=aggregations["total"]["pages"]["value"],
            results=results,
            facets=label_facets(facets, self.lang, self.filters),
            page=self.page,
            per_page=self.per_page,
        )


def snippet_of(hit):
    fragments = [
        f for name, values in hit.get("highlight", {}).items() if "_text_" in name for f in values
    ]
    return fragments[0] if fragments else ""


@dataclass
class Match:
    translation_key: str
    pk: int  # the page whose text matched
    snippet: str = ""
    snippet_lang: str = ""


def build_results(matches, lang, request):
    """Turn matches into results in the visitor's language, one per page."""
    locale = Locale.objects.get(language_code=lang)
    own = {
        str(page.translation_key): page
        for page in Page.objects.live()
        .public()
        .filter(translation_key__in=[m.translation_key for m in matches], locale=locale)
        .specific()
    }
    matched = {
        page.pk: page
        for page in Page.objects.live().public().filter(pk__in=[m.pk for m in matches]).specific()
    }
    results = []
    for match in matches:
        page = own.get(match.translation_key) or matched.get(match.pk)
        if page is None:  # unpublished or restricted since it was indexed
            continue
        content_lang = (
            page.alias_of.locale.language_code if page.alias_of_id else page.locale.language_code
        )
        snippet, snippet_lang = match.snippet, match.snippet_lang
        if not snippet or snippet_lang != content_lang:
            # Show the page's own summary rather than a snippet in another language.
            snippet, snippet_lang = escape((getattr(page, "summary", "") or "")[:200]), content_lang
        results.append(
            Result(
                key=page_key(page),
                type=page_type(page),
                title=page.title,
                url=page.get_url(request),
                locale=page.locale.language_code,
                snippet=snippet,
                translated=page.locale_id == locale.pk and page.alias_of_id is None,
                snippet_lang=snippet_lang,
                page=page,
            )
        )
    return results


def label_facets(facets, lang, chosen):
    """Add each facet value's name in the visitor's language, and whether it is chosen."""
    from django.utils import translation

    from core.models import Audience, Municipality, Topic

    from .documents import type_labels

    names = {"type": type_labels(lang)}
    for name, model in (("municipality", Municipality), ("topic", Topic), ("audience", Audience)):
        names[name] = dict(
            model.objects.filter(locale__language_code=lang).values_list("slug", "name")
        ) or dict(
            model.objects.filter(locale__language_code=settings.LANGUAGE_CODE).values_list(
                "slug", "name"
            )
        )
    with translation.override(lang):
        return {
            name: sorted(
                (
                    {
                        **value,
                        "label": names[name].get(value["value"], value["value"]),
                        "selected": chosen.get(name) == value["value"],
                    }
                    for value in values
                ),
                key=lambda value: (-value["count"], value["label"]),
            )
            for name, values in facets.items()
        }


class DatabaseSearch:
    """Wagtail's database backend over the visitor's language tree (where untranslated pages
    are aliases holding the Italian text); facets are counted on the matches."""

    LIMIT = 200

    def __init__(self, query, lang, filters, page, per_page, request):
        self.query = query
        self.lang = lang
        self.filters = filters
        self.page = page
        self.per_page = per_page
        self.request = request

    def run(self):
        from core.importer import page_model

        backend = get_search_backend(
            "database" if "database" in settings.WAGTAILSEARCH_BACKENDS else "default"
        )
        models = [page_model(kind) for kind in ("service", "course", "event", "association")]
        from home.models import ContentPage

        queryset = (
            Page.objects.live()
            .public()
            .filter(locale=Locale.objects.get(language_code=self.lang))
            .type(*models, ContentPage)
        )
        # The database backends read quotes and operators as query syntax: search words only.
        words = re.sub(r"[^\w\s'-]", " ", self.query).strip()
        try:
            matches = [page.specific for page in backend.search(words, queryset)[: self.LIMIT]]
        except DatabaseError as error:
            logger.warning("Database search failed for %r (%s)", words, error)
            matches = []
        facet_values = {name: {} for name in FACETS}
        kept = []
        for page in matches:
            values = facet_values_of(page)
            if all(self.filters.get(name) in values[name] for name in self.filters):
                kept.append(page)
            for name in FACETS:
                if all(self.filters.get(n) in values[n] for n in self.filters if n != name):
                    for value in values[name]:
                        facet_values[name][value] = facet_values[name].get(value, 0) + 1
        start = (self.page - 1) * self.per_page
        window = kept[start : start + self.per_page]
        results = build_results(
            [Match(str(p.translation_key), p.pk) for p in window], self.lang, self.request
        )
        facets = {
            name: [{"value": v, "count": c} for v, c in counts.items()]
            for name, counts in facet_values.items()
        }
        return SearchResponse(
            query=self.query,
            lang=self.lang,
            backend="database",
            total=len(kept),
            results=results,
            facets=label_facets(facets, self.lang, self.filters),
            page=self.page,
            per_page=self.per_page,
        )


def facet_values_of(page):
    municipality = getattr(page, "municipality", None)
    return {
        "type": [page_type(page)],
        "municipality": [municipality.slug] if municipality else [],
        "topic": [t.slug for t in page.topics.all()] if hasattr(page, "topics") else [],
        "audience": [a.slug for a in page.audiences.all()] if hasattr(page, "audiences") else [],
    }


AUTOCOMPLETE_SIZE = 8


def autocomplete(query, lang, request=None, size=AUTOCOMPLETE_SIZE):
    """Titles that start with what the resident is typing: [{"title", "url", "type"}]."""
    query = clean_query(query)[:60]
    if len(query) < 2:
        return []
    backend = engine_backend()
    if backend is not None:
        try:
            return engine_autocomplete(backend, query, lang, request, size)
        except Exception as error:  # noqa: BLE001 (any engine failure: answer from the database)
            logger.warning("Search engine failed on autocomplete (%s)", error)
    return database_autocomplete(query, lang, request, size)


def engine_autocomplete(backend, query, lang, request, size):
    languages = [lang] + [code for code in FALLBACK_LANGUAGES if code != lang]
    should = [
        {
            "match": {
                f"tdi_title_{field_suffix(code)}.prefix": {
                    "query": query,
                    "operator": "and",
                    "boost": OWN_LANGUAGE_BOOST if code == lang else 1,
                }
            }
        }
        for code in languages
    ]
    body = {
        "query": {
            "bool": {
                "filter": [
                    {"term": {"tdi_live": True}},
                    {"term": {"tdi_alias": False}},
                    {"terms": {"tdi_type": list(TYPE_NAMES.values())}},
                ],
                "should": should,
                "minimum_should_match": 1,
            }
        },
        "collapse": {"field": "tdi_translation_key"},
        "size": size,
        "_source": ["pk", "tdi_translation_key"],
    }
    hits = backend.raw_search(body)["hits"]["hits"]
    matches = [
        Match(hit["_source"]["tdi_translation_key"], int(hit["_source"]["pk"])) for hit in hits
    ]
    return [
        {"title": r.title, "url": r.url, "type": r.type, "lang": r.snippet_lang}
        for r in build_results(matches, lang, request)
    ]


def database_autocomplete(query, lang, request, size):
    pages = (
        Page.objects.live()
        .public()
        .filter(locale__language_code=lang, title__icontains=query)
        .exclude(depth__lte=3)
        .specific()[:size]
    )
    return [
        {
            "title": p.title,
            "url": p.get_url(request),
            "type": page_type(p),
            "lang": p.alias_of.locale.language_code if p.alias_of_id else lang,
        }
        for p in pages
        if page_type(p)
    ]
