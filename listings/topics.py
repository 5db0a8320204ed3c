"""The list of topics, in every language, made with the site structure.

Each topic's page is a route of the list (argomenti/<topic slug>/) built from the topic's
translated name and collections, so a new topic needs no page in ten languages; editors
replace it with a TopicPage of their own when they want text and chosen collections.
"""

import copy

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from core.translation import translate_page

INDEX_KEY = "site-topics"


def _index_texts(page, language_code):
    with translation.override(language_code):
        page.title = gettext("Topics")
        page.summary = gettext("Everything you need to know, topic by topic.")
    return page


def _translate_missing(page, locales, texts):
    for locale in locales:
        existing = page.get_translation_or_none(locale)
        if existing is None or existing.alias_of_id:
            translated = texts(copy.copy(page), locale.language_code)
            translate_page(page, locale, translated, tool_name="site structure")


@transaction.atomic
def ensure_topic_pages(homes):
    """Create the list of topics if it is missing; change nothing else."""
    from .models import TopicIndexPage

    home = homes.get(settings.LANGUAGE_CODE)
    if home is None:
        return
    others = [other.locale for code, other in homes.items() if code != settings.LANGUAGE_CODE]
    index = TopicIndexPage.objects.filter(locale=home.locale, import_key=INDEX_KEY).first()
    if index is None:
        index = _index_texts(TopicIndexPage(import_key=INDEX_KEY, slug="argomenti"), "it")
        home.add_child(instance=index)
        index.save_revision().publish()
        _translate_missing(index, others, _index_texts)
