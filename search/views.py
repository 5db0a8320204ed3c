from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Locale, Page


def search(request):
    """Search the visitor's language tree (the database backend until the search engine lands)."""
    query = request.GET.get("q", "").strip()[:200]
    results = Page.objects.none()
    if query:
        locale = Locale.get_active()
        results = Page.objects.live().public().filter(locale=locale).specific().search(query)
        Query.get(query).add_hit()
    page = Paginator(results, 10).get_page(request.GET.get("page"))
    return TemplateResponse(request, "search/search.html", {"search_query": query, "results": page})
