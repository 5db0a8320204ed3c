"""Content rules are the editorial team's: the Redazione and the Administrators manage them
and see when they applied."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Redazione", "Administrators"]
CODENAMES = [
    "add_contentrule",
    "change_contentrule",
    "delete_contentrule",
    "view_contentrule",
    "view_contentrulefiring",
]


def give_permissions(apps, schema_editor):
    # Permissions are normally created after all migrations: make sure they exist now.
    app_config = apps.get_app_config("content_rules")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="content_rules", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("content_rules", "0001_initial")]

    operations = [migrations.RunPython(give_permissions, migrations.RunPython.noop)]
