from django import template
from django.utils.translation import get_language

from ..models import Material

register = template.Library()


@register.inclusion_tag("materials/includes/materials_for_page.html")
def materials_for_page(page):
    """{% materials_for_page page %}: "also available as a leaflet in: …", for the materials
    linked to any language version of `page` (two queries)."""
    translation_key = getattr(page, "translation_key", None)
    if translation_key is None:
        return {"materials": []}
    materials = (
        Material.objects.filter(page_links__page__translation_key=translation_key)
        .distinct()
        .select_related("document")
        .prefetch_related("languages")
    )
    current = get_language()
    return {
        "page": page,
        # The visitor's own language first.
        "materials": [
            (
                material,
                sorted(material.languages.all(), key=lambda lang: lang.code.lower() != current),
            )
            for material in materials
        ],
    }
