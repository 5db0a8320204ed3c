"""The languages of the territory's materials, each named in itself (the site's ten first, then
the communities' other languages), and the Redazione's and Administrators' rights on materials."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

LANGUAGES = [
    ("it", "Italiano", False),
    ("en", "English", False),
    ("fr", "Français", False),
    ("es", "Español", False),
    ("ar", "العربية", True),
    ("ur", "اردو", True),
    ("zh-Hans", "简体中文", False),
    ("uk", "Українська", False),
    ("sq", "Shqip", False),
    ("pa", "ਪੰਜਾਬੀ", False),
    ("ro", "Română", False),
    ("ru", "Русский", False),
    ("hi", "हिन्दी", False),
    ("bn", "বাংলা", False),
    ("wo", "Wolof", False),
    ("ti", "ትግርኛ", False),
    ("so", "Soomaali", False),
    ("fa", "فارسی", True),
    ("ps", "پښتو", True),
    ("tr", "Türkçe", False),
]
PERMISSIONS = ["add_material", "change_material", "delete_material", "add_language", "change_language"]


def add_languages_and_rights(apps, schema_editor):
    Language = apps.get_model("materials", "Language")
    for code, name, right_to_left in LANGUAGES:
        Language.objects.get_or_create(
            code=code, defaults={"name": name, "right_to_left": right_to_left}
        )
    app_config = apps.get_app_config("materials")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="materials", codename__in=PERMISSIONS
    )
    for group in Group.objects.filter(name__in=["Redazione", "Administrators"]):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("materials", "0001_initial"),
        ("core", "0004_roles"),
    ]

    operations = [migrations.RunPython(add_languages_and_rights, migrations.RunPython.noop)]
