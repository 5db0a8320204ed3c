from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.models import Audience, Municipality, Topic
from core.signals import site_structure_ready

from .criteria import bump_version
from .topics import ensure_topic_pages


@receiver(page_published, dispatch_uid="listings_published")
@receiver(page_unpublished, dispatch_uid="listings_unpublished")
@receiver(post_page_move, dispatch_uid="listings_moved")
def forget_results(**kwargs):
    bump_version()


@receiver(post_delete, dispatch_uid="listings_deleted")
def forget_results_of_deleted_page(sender, instance, **kwargs):
    if isinstance(instance, Page):
        bump_version()


def forget_results_of_changed_term(**kwargs):
    bump_version()


for model in (Topic, Audience, Municipality):
    post_save.connect(
        forget_results_of_changed_term, sender=model, dispatch_uid=f"listings_{model.__name__}"
    )


@receiver(site_structure_ready, dispatch_uid="listings_topic_pages")
def create_topic_pages(sender, homes, **kwargs):
    ensure_topic_pages(homes)
