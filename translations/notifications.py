"""E-mail a language's translators when an Italian page they translated changes."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task
from wagtail.models import Page

from .roles import translators_group_name
from .status import OUTDATED, statuses


def translators_of(language):
    return (
        get_user_model()
        .objects.filter(groups__name=translators_group_name(language), is_active=True)
        .exclude(email="")
    )


def notify_outdated_translations(page):
    """Called when an Italian page is published: queue one e-mail per outdated language."""
    for item in statuses([page]):
        if item.status == OUTDATED and translators_of(item.locale.language_code).exists():
            send_outdated_notice.enqueue(page.pk, item.locale.language_code, item.translation.pk)


@task()
def send_outdated_notice(source_id, language, translation_id):
    source = Page.objects.get(pk=source_id)
    translated = Page.objects.get(pk=translation_id)
    edit_url = f"{settings.WAGTAILADMIN_BASE_URL}/admin/pages/{translated.pk}/edit/"
    messages = []
    for user in translators_of(language):
        # In the translator's admin language when they chose one, else English.
        with translation.override(
            getattr(getattr(user, "wagtail_userprofile", None), "preferred_language", "") or "en"
        ):
            subject = render_to_string(
                "translations/email/outdated_subject.txt", {"source": source, "language": language}
            ).strip()
            body = render_to_string(
                "translations/email/outdated.txt",
                {
                    "source": source,
                    "translated": translated,
                    "language": language,
                    "edit_url": edit_url,
                },
            )
        messages.append((subject, body, None, [user.email]))
    send_mass_mail(messages, fail_silently=False)
