from django.conf import settings
from django.dispatch import receiver
from wagtail.signals import page_published

from core.signals import site_structure_ready

from .notifications import notify_outdated_translations
from .roles import ensure_translation_roles


@receiver(site_structure_ready)
def set_up_translation_roles(sender, homes, **kwargs):
    ensure_translation_roles(homes)


@receiver(page_published)
def tell_translators_of_changes(sender, instance, revision=None, **kwargs):
    # Changes made by people, not imports (whose revisions have no author and which write the
    # translations themselves right after).
    if revision is None or revision.user_id is None:
        return
    if instance.locale.language_code == settings.LANGUAGE_CODE and not instance.alias_of_id:
        notify_outdated_translations(instance)
