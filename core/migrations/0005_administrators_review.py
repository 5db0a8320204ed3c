"""Administrators may approve and reject in the Redazione's review, as they may publish."""

from django.db import migrations


def add_administrators(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    administrators = Group.objects.get(name="Administrators")
    for task in GroupApprovalTask.objects.filter(name="Review by the Redazione"):
        task.groups.add(administrators)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_roles")]

    operations = [migrations.RunPython(add_administrators, migrations.RunPython.noop)]
