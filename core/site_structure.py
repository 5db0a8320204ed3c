"""The fixed sections of the site (home, services, courses, events, associations, about),
present in every language. Their titles and intros live in data/site_structure.json."""

import copy
import json
from pathlib import Path

from django.db import transaction
from wagtail.models import Locale

from .content import first_block_id, text_body
from .signals import site_structure_ready
from .translation import translate_page

STRUCTURE_FILE = Path(__file__).parent / "data" / "site_structure.json"


def section_models():
    from associations.models import AssociationIndexPage
    from courses.models import CourseIndexPage
    from events.models import EventIndexPage
    from home.models import ContentPage
    from services.models import ServiceIndexPage

    return {
        "services": ServiceIndexPage,
        "courses": CourseIndexPage,
        "events": EventIndexPage,
        "associations": AssociationIndexPage,
        "about": ContentPage,
    }


def _texts(page, entry, language):
    page.title = entry["title"].get(language) or entry["title"]["it"]
    page.summary = entry["intro"].get(language) or entry["intro"]["it"]
    if "body" in entry:
        body = entry["body"].get(language) or entry["body"]["it"]
        page.body = text_body(body, first_block_id(page.body) if language != "it" else None)
    return page


@transaction.atomic
def ensure_site_structure():
    """Create whatever is missing; never overwrite what editors changed.

    Returns the Italian section pages by name ("home", "services", …).
    """
    from home.models import HomePage

    data = json.loads(STRUCTURE_FILE.read_text(encoding="utf-8"))
    italian = Locale.get_default()
    home = HomePage.objects.get(locale=italian, depth=2)
    if not home.import_key:
        home.import_key = "site-home"
        _texts(home, data["home"], "it")
        home.save_revision().publish()
    sections = {"home": home}
    for name, model in section_models().items():
        key = f"site-{name}"
        page = model.objects.filter(locale=italian, import_key=key).first()
        if page is None:
            page = _texts(model(import_key=key, slug=data[name]["slug"]), data[name], "it")
            home.add_child(instance=page)
            page.save_revision().publish()
        sections[name] = page

    for locale in Locale.objects.exclude(pk=italian.pk):
        for name, page in sections.items():
            existing = page.get_translation_or_none(locale)
            if existing is None or existing.alias_of_id:
                translated = _texts(copy.copy(page), data[name], locale.language_code)
                translate_page(page, locale, translated, tool_name="site structure")
    homes = {home.locale.language_code: home for home in home.get_translations(inclusive=True)}
    site_structure_ready.send(sender=ensure_site_structure, homes=homes)
    return sections
