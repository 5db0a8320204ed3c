"""A translators' and a reviewers' group for every language but Italian (the source).
Their page permissions need the language trees, see translations.roles."""

from django.conf import settings
from django.db import migrations


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for code, _ in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE:
            Group.objects.get_or_create(name=f"Translators ({code})")
            Group.objects.get_or_create(name=f"Translation reviewers ({code})")


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
