from django.conf import settings
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from wagtail.contrib.search_promotions.models import Query

from . import engine, querylog

LANGUAGES = {code for code, _ in settings.LANGUAGES}


def chosen_filters(request):
    return {name: request.GET.get(name, "").strip()[:100] for name in engine.FACETS}


def promoted_pages(query, lang):
    """Pages the editors pinned for this query, in the visitor's language."""
    if not query:
        return []
    picks = Query.get(query).editors_picks.filter(page__locale__language_code=lang, page__live=True)
    return [pick.page.specific for pick in picks.select_related("page").order_by("sort_order")]


@require_GET
def search(request):
    lang = get_language()
    response = engine.search(
        request.GET.get("q", ""),
        lang,
        filters=chosen_filters(request),
        page=request.GET.get("page"),
        request=request,
    )
    querylog.count_search(response, request.GET)
    context = {
        "search": response,
        "search_query": response.query,
        "promoted": promoted_pages(response.query, lang) if response.page == 1 else [],
    }
    return TemplateResponse(request, "search/search.html", context)


def bad_language(lang):
    return JsonResponse(
        {"error": f"unknown language {lang!r}", "languages": sorted(LANGUAGES)}, status=400
    )


@require_GET
def search_api(request):
    lang = request.GET.get("lang", settings.LANGUAGE_CODE)
    if lang not in LANGUAGES:
        return bad_language(lang)
    response = engine.search(
        request.GET.get("q", ""),
        lang,
        filters=chosen_filters(request),
        page=request.GET.get("page"),
        request=request,
    )
    querylog.count_search(response, request.GET)
    return JsonResponse(response.as_json(), json_dumps_params={"ensure_ascii": False})


@require_GET
def autocomplete_api(request):
    lang = request.GET.get("lang", settings.LANGUAGE_CODE)
    if lang not in LANGUAGES:
        return bad_language(lang)
    suggestions = engine.autocomplete(request.GET.get("q", ""), lang, request=request)
    return JsonResponse(
        {
            "query": engine.clean_query(request.GET.get("q", "")),
            "lang": lang,
            "suggestions": suggestions,
        },
        json_dumps_params={"ensure_ascii": False},
    )
