"""The materials library as one of the site's sections, in every language (like those of
core.site_structure). Its title and intro live in data/library_page.json."""

import copy
import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from core.translation import translate_page

from .models import MaterialLibraryPage

LIBRARY_FILE = Path(__file__).parent / "data" / "library_page.json"
IMPORT_KEY = "site-materials"


def _texts(page, data, language):
    page.title = data["title"].get(language) or data["title"][settings.LANGUAGE_CODE]
    page.summary = data["intro"].get(language) or data["intro"][settings.LANGUAGE_CODE]
    return page


@transaction.atomic
def ensure_library(homes):
    """Create the library where it is missing; never overwrite what editors changed."""
    data = json.loads(LIBRARY_FILE.read_text(encoding="utf-8"))
    home = homes[settings.LANGUAGE_CODE]
    library = MaterialLibraryPage.objects.filter(locale=home.locale, import_key=IMPORT_KEY).first()
    if library is None:
        library = MaterialLibraryPage(import_key=IMPORT_KEY, slug=data["slug"])
        home.add_child(instance=_texts(library, data, settings.LANGUAGE_CODE))
        library.save_revision().publish()
    for code, other_home in homes.items():
        existing = library.get_translation_or_none(other_home.locale)
        if code != settings.LANGUAGE_CODE and (existing is None or existing.alias_of_id):
            translated = _texts(copy.copy(library), data, code)
            translate_page(library, other_home.locale, translated, tool_name="site structure")
    return library
