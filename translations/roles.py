"""Translators and reviewers, one pair of groups per language, confined to their language's tree.

The groups are created by a migration; what needs the language's home page (page permissions
and the review workflow) is set up when the site structure is, see `ensure_translation_roles`.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)


def translators_group_name(language):
    return f"Translators ({language})"


def reviewers_group_name(language):
    return f"Translation reviewers ({language})"


def translated_languages():
    return [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def user_languages(user, *, reviewers_only=False):
    """The languages a user translates (or reviews)."""
    names = set(user.groups.values_list("name", flat=True))
    languages = []
    for language in translated_languages():
        if reviewers_group_name(language) in names or (
            not reviewers_only and translators_group_name(language) in names
        ):
            languages.append(language)
    return languages


@transaction.atomic
def ensure_translation_roles(homes):
    """Give each language's groups their rights on that language's tree, and a review step.

    `homes` maps language codes to that language's home page.
    """
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for language in translated_languages():
        home = homes.get(language)
        if home is None:
            continue
        translators, _ = Group.objects.get_or_create(name=translators_group_name(language))
        reviewers, _ = Group.objects.get_or_create(name=reviewers_group_name(language))
        for group, codenames in (
            (translators, ["change_page"]),
            (reviewers, ["change_page", "publish_page"]),
        ):
            group.permissions.add(access_admin)
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=home,
                    permission=Permission.objects.get(
                        content_type__app_label="wagtailcore", codename=codename
                    ),
                )
        workflow, created = Workflow.objects.get_or_create(name=f"Translation review ({language})")
        if created:
            task = GroupApprovalTask.objects.create(name=f"Review the translation ({language})")
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        # The language's reviewers approve; the Redazione and administrators, who may publish
        # anywhere, may too (when the reviewers are away).
        for task in GroupApprovalTask.objects.filter(name=f"Review the translation ({language})"):
            task.groups.add(
                reviewers, *Group.objects.filter(name__in=["Redazione", "Administrators"])
            )
        WorkflowPage.objects.get_or_create(page=home, defaults={"workflow": workflow})
