"""Workaround: wagtail-localize's draft save changes the live page.

`Translation.save_target(publish=False)` (and the "Sync translated pages" view without
publishing) write the translated fields into the page's database row before saving a revision,
so a live page shows the unreviewed text at once, even though it is "only a draft". We build the
translated draft from the latest revision instead and save it as a revision only, the way
Wagtail saves any draft; the live page changes when the draft is published (by a reviewer).

Remove when wagtail-localize's TranslationSource.create_or_update_translation stops calling
`translation.save()` for pages saved with publish=False.
"""

from wagtail_localize.fields import copy_synchronised_fields
from wagtail_localize.segments.ingest import ingest_segments


def save_translation_draft(translation, user=None):
    """Save the current strings of `translation` as a draft revision of the translated page."""
    source = translation.source
    original = source.as_instance()
    page = translation.get_target_instance()
    draft = page.get_latest_revision_as_object()
    copy_synchronised_fields(original, draft)
    segments = source._get_segments_for_translation(translation.target_locale, fallback=True)
    ingest_segments(original, draft, source.locale, translation.target_locale, segments)
    return draft.save_revision(user=user)
