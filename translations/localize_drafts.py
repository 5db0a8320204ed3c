"""Workaround: wagtail-localize's draft save changes the live page.

`Translation.save_target(publish=False)` (and the "Sync translated pages" view without
publishing) write the translated fields into the page's database row before saving a revision,
so a live page shows the unreviewed text at once, even though it is "only a draft". `save_draft`
lets wagtail-localize do its work, then puts back what the public saw: the new text waits in the
latest revision, and the live page changes when that draft is published (by a reviewer).

Remove when wagtail-localize's TranslationSource.create_or_update_translation stops calling
`translation.save()` for pages saved with publish=False.
"""

from django.core.exceptions import ObjectDoesNotExist
from wagtail.models import Page


def save_draft(translation, user=None):
    """`translation.save_target(publish=False)`, keeping what the public sees.

    wagtail-localize saves the translated content into the page itself before making the draft
    revision, so a live page would show the unreviewed text at once. Here the live page keeps
    its content (for a missing translation, the Italian text its alias showed) and the new text
    waits in the latest revision for review and publishing.
    """
    try:
        before = translation.get_target_instance()
    except ObjectDoesNotExist:
        before = None
    public = None
    if isinstance(before, Page) and before.live:
        before = before.specific
        public = before.serializable_data()
    translation.save_target(user=user, publish=False)
    page = translation.get_target_instance()
    if public is not None:
        page = Page.objects.get(pk=before.pk).specific
        restored = page.with_content_json(public)
        restored.save(clean=False)
        page = Page.objects.get(pk=before.pk).specific
    return page
