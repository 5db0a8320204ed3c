from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.signals import site_structure_ready
from ops.cache import clear_page_cache

from .menus import create_default_menus
from .models import Menu, MenuItem


@receiver(site_structure_ready)
def set_up_default_menus(sender, homes, **kwargs):
    home = homes.get(settings.LANGUAGE_CODE)
    if home is not None:
        # After the whole set-up has committed, so that sections other apps add when the site
        # structure is ready are in the menu too.
        transaction.on_commit(lambda: create_default_menus(home))


def forget_cached_pages(sender, **kwargs):
    # Menus are on every page: the anonymous visitors' page cache must not keep old ones.
    clear_page_cache()


for model in (Menu, MenuItem):
    post_save.connect(
        forget_cached_pages, sender=model, dispatch_uid=f"menu_saved_{model.__name__}"
    )
    post_delete.connect(
        forget_cached_pages, sender=model, dispatch_uid=f"menu_deleted_{model.__name__}"
    )
