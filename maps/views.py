from django.conf import settings
from django.shortcuts import render
from wagtail.models import Locale

from .filters import map_filterset
from .places import find_places


def map_view(request):
    """The places as a list (the whole page without JavaScript) and as markers on a map."""
    filterset, errors = map_filterset(request.GET)
    groups = find_places(Locale.get_active(), filterset if filterset.is_bound else None, request)
    places = [place for _name, group in groups for place in group]
    return render(
        request,
        "maps/map.html",
        {
            "filterset": filterset,
            "filter_errors": errors,
            "groups": groups,
            "count": len(places),
            "markers": [place.marker() for place in places if place.on_map],
            "tile_url": settings.MAP_TILE_URL,
            "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    )
