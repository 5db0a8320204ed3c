from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, workflow_submitted

from translations.status import OUTDATED, statuses

from .evaluation import apply_rules, is_source_page, matching_rules
from .models import Event


@receiver(page_published)
def page_was_published(sender, instance, revision=None, alias=False, **kwargs):
    # Publishing an Italian page also updates its aliases in the other languages, each with a
    # signal of its own: those are the same publish, not new ones.
    if alias or not is_source_page(instance):
        return
    apply_rules(instance, Event.PUBLISHED)
    # Changes made by people only, as the translators' notices: an import publishes the
    # Italian page, then writes its translations itself right after.
    if revision is None or revision.user_id is None:
        return
    if matching_rules(instance, Event.TRANSLATION_OUTDATED):
        languages = [
            item.locale.language_code for item in statuses([instance]) if item.status == OUTDATED
        ]
        if languages:
            apply_rules(instance, Event.TRANSLATION_OUTDATED, languages=languages)


@receiver(page_unpublished)
def page_was_unpublished(sender, instance, **kwargs):
    if is_source_page(instance):
        apply_rules(instance, Event.UNPUBLISHED)


@receiver(workflow_submitted)
def page_was_submitted(sender, instance, user=None, **kwargs):
    page = instance.content_object
    if isinstance(page, Page) and is_source_page(page):
        apply_rules(page.specific, Event.SUBMITTED)
