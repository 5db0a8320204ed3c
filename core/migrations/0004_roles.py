"""The portal's roles (docs/permissions.md): Wagtail's "Moderators" become the Redazione, who
edit, publish and review everywhere; Administrators manage users and settings too; mediator
coordinators get their group (the registry gives it rights). Association groups are made per
association (associations.spaces) and translators per language (translations)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", ["add_image", "change_image", "delete_image", "choose_image"]),
    ("wagtaildocs", ["add_document", "change_document", "delete_document", "choose_document"]),
]
REDAZIONE_MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("wagtail_localize", "submit_translation"),
    ("core", "add_topic"), ("core", "change_topic"), ("core", "delete_topic"),
    ("core", "add_audience"), ("core", "change_audience"), ("core", "delete_audience"),
    ("core", "add_municipality"), ("core", "change_municipality"),
    ("wagtailsearchpromotions", "add_searchpromotion"),
    ("wagtailsearchpromotions", "change_searchpromotion"),
    ("wagtailsearchpromotions", "delete_searchpromotion"),
    ("wagtailredirects", "add_redirect"), ("wagtailredirects", "change_redirect"),
    ("wagtailredirects", "delete_redirect"),
    ("search", "view_searchquerylog"),
]  # fmt: skip
ADMINISTRATOR_MODEL_PERMISSIONS = REDAZIONE_MODEL_PERMISSIONS + [
    ("auth", "add_user"), ("auth", "change_user"), ("auth", "delete_user"),
    ("auth", "add_group"), ("auth", "change_group"), ("auth", "delete_group"),
    ("wagtailcore", "add_site"), ("wagtailcore", "change_site"),
    ("wagtailcore", "add_workflow"), ("wagtailcore", "change_workflow"),
    ("wagtailcore", "add_task"), ("wagtailcore", "change_task"),
]  # fmt: skip


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations: make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")

    redazione = Group.objects.filter(name="Moderators").first() or Group.objects.create(
        name="Moderators"
    )
    redazione.name = "Redazione"
    redazione.save()
    Group.objects.filter(name="Editors").delete()  # Wagtail's example role; ours are below
    administrators, _ = Group.objects.get_or_create(name="Administrators")
    Group.objects.get_or_create(name="Mediator coordinators")

    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)
    for group, model_permissions in (
        (redazione, REDAZIONE_MODEL_PERMISSIONS),
        (administrators, ADMINISTRATOR_MODEL_PERMISSIONS),
    ):
        for app_label, codename in model_permissions:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root_page,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
        for app_label, codenames in COLLECTION_PERMISSIONS + [
            ("wagtailcore", ["add_collection", "change_collection"])
        ]:
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=Permission.objects.get(
                        content_type__app_label=app_label, codename=codename
                    ),
                )
    # Wagtail's default workflow (on the root page) becomes the Redazione's review.
    Workflow.objects.filter(name="Moderators approval").update(name="Redazione review")
    Task.objects.filter(name="Moderators approval").update(name="Review by the Redazione")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_imported_item"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("search", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
