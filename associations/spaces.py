"""Each association's own space: a group of editors who may edit their association's profile and
add events under it (never publish: they submit for review), and a collection for their images
and documents that no other association sees."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from .models import AssociationSpace

PAGE_PERMISSIONS = ["add_page", "change_page"]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


def source_page(page):
    """Spaces belong to the Italian profile, whatever language version we are given."""
    if page.alias_of_id:
        page = page.alias_of
    italian = page.get_translations(inclusive=True).filter(locale__language_code="it").first()
    return (italian or page).specific


def associations_collection():
    root = Collection.get_first_root_node()
    parent = root.get_children().filter(name="Associations").first()
    return parent or root.add_child(name="Associations")


@transaction.atomic
def create_space(page):
    page = source_page(page)
    space = AssociationSpace.objects.filter(page=page).select_related("group", "collection").first()
    if space:
        return space
    name = f"Association: {page.title}"[:140]
    group = Group.objects.create(name=f"{name} ({page.pk})")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    collection = associations_collection().add_child(name=f"{page.title} ({page.pk})")
    for app_label, codename in COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
        )
    return AssociationSpace.objects.create(page=page, group=group, collection=collection)


def add_editor(page, user):
    user.groups.add(create_space(page).group)


def remove_editor(page, user):
    user.groups.remove(create_space(page).group)


def editors(page):
    return create_space(page).group.user_set.all()
