"""The fixed areas as rows, and the mediators' rights (docs/permissions.md): "Mediator
coordinators" (a group made by core/migrations/0004_roles.py) get into the admin and run the
registry and the requests; "Administrators" may do the same and read the access log. Nobody
else gets any of these permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AREAS = ["health", "school", "social", "legal", "employment"]
COORDINATOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("mediators", "add_mediator"),
    ("mediators", "change_mediator"),
    ("mediators", "delete_mediator"),
    ("mediators", "view_mediator"),
    ("mediators", "change_mediatorrequest"),
    ("mediators", "view_mediatorrequest"),
]
ADMINISTRATOR_PERMISSIONS = COORDINATOR_PERMISSIONS + [
    ("mediators", "view_personaldataaccess"),
]


def set_up(apps, schema_editor):
    # Permissions are normally created after all migrations: make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    ServiceArea = apps.get_model("mediators", "ServiceArea")
    for code in AREAS:
        ServiceArea.objects.get_or_create(code=code)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in (
        ("Mediator coordinators", COORDINATOR_PERMISSIONS),
        ("Administrators", ADMINISTRATOR_PERMISSIONS),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in permissions:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("mediators", "0001_initial"),
        ("core", "0004_roles"),
    ]

    operations = [migrations.RunPython(set_up, migrations.RunPython.noop)]
