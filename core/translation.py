"""Writing page translations through wagtail-localize, so that its tracking covers them.

A translation made here is the same as one made in the translation editor: a
TranslationSource for the Italian page, a Translation per language, one StringTranslation
per segment, and a published translated page.
"""

import polib
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments


def _strings(instance):
    return [s for s in extract_segments(instance) if isinstance(s, StringSegmentValue)]


def translate_page(source_page, locale, translated, *, user=None, tool_name="import_content"):
    """Translate `source_page` into `locale`, taking the texts from `translated`.

    `translated` is an unsaved instance of the same page type whose translatable fields hold
    the translated text, with the same StreamField structure and block ids as the source.
    A segment whose text is the same as the source's is left untranslated: the editor shows
    it as such and the page falls back to the Italian text.
    """
    source, _ = TranslationSource.update_or_create_from_instance(source_page)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
    po = polib.POFile(wrapwidth=200)
    for original, text in zip(_strings(source_page), _strings(translated), strict=True):
        if original.path != text.path:
            raise ValueError(f"segment {original.path!r} has no counterpart ({text.path!r})")
        if original.string.data != text.string.data:
            po.append(
                polib.POEntry(
                    msgid=original.string.data,
                    msgctxt=original.path,
                    msgstr=text.string.data,
                )
            )
    warnings = translation.import_po(po, user=user, tool_name=tool_name)
    if warnings:
        raise ValueError(f"{source_page.import_key or source_page.pk}: {warnings}")
    # wagtail-localize publishes in transaction.on_commit with the page instance cached on the
    # revision; by then a bulk import has added children, and that stale instance writes
    # numchild back to 0, corrupting the tree. Save a draft, then publish a fresh revision now.
    translation.save_target(user=user, publish=False)
    page = source_page.get_translation(locale)
    page.latest_revision.publish(user=user)
    return translation
