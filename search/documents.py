"""What the search engine knows of a page, beyond Wagtail's own fields: its text in its own
language's fields, and the keys the search page filters and counts by."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelsearch import index
from wagtail.models import Page

from .analysis import field_suffix

# Page types residents search for, by the short name the API and the facets use.
TYPE_NAMES = {
    "servicepage": "service",
    "coursepage": "course",
    "eventpage": "event",
    "associationpage": "association",
    "contentpage": "page",
}


FIELD_ORDER = ["summary", "body", "activities", "how_to_enrol", "how_to_register", "provider"]


def page_type(page):
    return TYPE_NAMES.get(page._meta.model_name)


def page_key(page):
    """The import key, or a stable id shared by all translations for pages made in the admin."""
    return getattr(page, "import_key", "") or f"page-{page.translation_key}"


def _strings(value):
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _strings(item)]
    return [str(value)]


def _localized_names(objects, language):
    """Names of taxonomy terms in `language` (falling back to the term's own name)."""
    if not objects:
        return []
    model = type(objects[0])
    translated = dict(
        model.objects.filter(
            translation_key__in=[obj.translation_key for obj in objects],
            locale__language_code=language,
        ).values_list("translation_key", "name")
    )
    return [translated.get(obj.translation_key, obj.name) for obj in objects]


def language_fields(page):
    """{field: value} for the engine: nothing for pages that are not shown to residents."""
    kind = page_type(page)
    if kind is None or not isinstance(page, Page):
        return {}
    language = page.locale.language_code
    suffix = field_suffix(language)
    # What residents read first comes first, so highlighted snippets start with it.
    fields = [f for f in page.get_search_fields() if isinstance(f, index.SearchField)]
    fields.sort(
        key=lambda f: FIELD_ORDER.index(f.field_name) if f.field_name in FIELD_ORDER else 99
    )
    text = []
    for field in fields:
        if field.field_name != "title":
            text.extend(_strings(field.get_value(page)))
    municipality = getattr(page, "municipality", None)
    topics = list(page.topics.all()) if hasattr(page, "topics") else []
    audiences = list(page.audiences.all()) if hasattr(page, "audiences") else []
    with translation.override(language):
        text.append(str(page._meta.verbose_name))
    text.extend(_localized_names([m for m in [municipality] if m], language))
    text.extend(_localized_names(topics, language))
    text.extend(_localized_names(audiences, language))
    if getattr(page, "level", ""):
        text.append(page.level)

    fields = {
        "tdi_type": kind,
        "tdi_key": page_key(page),
        "tdi_lang": language,
        "tdi_translation_key": str(page.translation_key),
        "tdi_live": bool(page.live),
        "tdi_alias": page.alias_of_id is not None,
        "tdi_municipality": municipality.slug if municipality else None,
        "tdi_topics": [t.slug for t in topics],
        "tdi_audiences": [a.slug for a in audiences],
    }
    # An alias shows the Italian page: its text is indexed once, in the Italian fields.
    if page.alias_of_id is None:
        fields[f"tdi_title_{suffix}"] = page.title
        fields[f"tdi_text_{suffix}"] = "\n".join(t for t in text if t)
    return fields


FACET_FIELDS = {
    "tdi_type": {"type": "keyword"},
    "tdi_key": {"type": "keyword"},
    "tdi_lang": {"type": "keyword"},
    "tdi_translation_key": {"type": "keyword"},
    "tdi_live": {"type": "boolean"},
    "tdi_alias": {"type": "boolean"},
    "tdi_municipality": {"type": "keyword"},
    "tdi_topics": {"type": "keyword"},
    "tdi_audiences": {"type": "keyword"},
}


TYPE_LABELS = {
    "service": _("Services"),
    "course": _("Courses"),
    "event": _("Events"),
    "association": _("Associations"),
    "page": _("Other information"),
}


def type_labels(language):
    """{type name: its name in `language`} for the facets."""
    from django.utils import translation

    with translation.override(language):
        return {name: str(label) for name, label in TYPE_LABELS.items()}
