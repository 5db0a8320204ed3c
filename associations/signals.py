from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import AssociationPage


@receiver(post_save, sender=AssociationPage)
def give_new_associations_a_space(sender, instance, created, raw=False, **kwargs):
    """Every association profile, however it is created (admin, import, onboarding), gets its
    editors' group and its collection; translations share the Italian profile's."""
    if created and not raw and instance.locale.language_code == "it" and not instance.alias_of_id:
        from .spaces import create_space

        create_space(instance)


def give_existing_associations_a_space(sender, **kwargs):
    """After migrations: profiles that predate spaces (or were restored from a backup) get one."""
    from .spaces import create_space

    for page in AssociationPage.objects.filter(
        locale__language_code="it", alias_of__isnull=True, space__isnull=True
    ):
        create_space(page)
