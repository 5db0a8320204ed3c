"""Which rules apply to a page event, and applying them: a record, an e-mail, a history note.

Rules look at the Italian pages only: a page and its translations are one piece of content,
and the translations have their own event (`translation_outdated`) and their own notices to
translators (translations.notifications).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from wagtail.log_actions import log

from core.tasks import send_email

from .models import ContentRule, ContentRuleFiring, Event

LOG_ACTION = "content_rules.applied"


def is_source_page(page):
    """An Italian page of its own: not a translation, not an alias in another language."""
    return page.alias_of_id is None and page.locale.language_code == settings.LANGUAGE_CODE


def matching_rules(page, event):
    """The enabled rules for `event` whose page type, section and topic fit `page`."""
    content_type = ContentType.objects.get_for_model(page.specific_class)
    rules = list(
        ContentRule.objects.filter(
            enabled=True, page_types=content_type, **{f"on_{Event(event).value}": True}
        ).select_related("section", "topic")
    )
    if not rules:
        return []
    ancestor_keys = None
    topic_keys = None
    matching = []
    for rule in rules:
        if rule.section_id:
            if ancestor_keys is None:
                ancestor_keys = set(page.get_ancestors().values_list("translation_key", flat=True))
            if rule.section.translation_key not in ancestor_keys:
                continue
        if rule.topic_id:
            if topic_keys is None:
                topics = getattr(page.specific, "topics", None)
                topic_keys = (
                    set(topics.values_list("translation_key", flat=True)) if topics else set()
                )
            if rule.topic.translation_key not in topic_keys:
                continue
        matching.append(rule)
    return matching


def apply_rules(page, event, *, languages=()):
    """Apply every matching rule once for this event of `page`."""
    for rule in matching_rules(page, event):
        apply_rule(rule, page, event, languages=languages)


def recipients_of(group):
    if group is None:
        return []
    return list(
        get_user_model()
        .objects.filter(groups=group, is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def apply_rule(rule, page, event, *, languages=()):
    recipients = recipients_of(rule.notify_group)
    ContentRuleFiring.objects.create(rule=rule, page=page, event=event, recipients=len(recipients))
    ContentRule.objects.filter(pk=rule.pk).update(
        times_fired=F("times_fired") + 1, last_fired_at=timezone.now()
    )
    if rule.add_to_history:
        log(
            instance=page,
            action=LOG_ACTION,
            data={"rule": rule.name, "event": event, "languages": list(languages)},
        )
    if recipients:
        # The e-mail says what happened in the staff's working language, Italian.
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "rule": rule,
                "page": page,
                "event": Event(event).value,
                "event_label": Event(event).label,
                "languages": [dict(settings.LANGUAGES).get(code, code) for code in languages],
                "edit_url": f"{settings.WAGTAILADMIN_BASE_URL}/admin/pages/{page.pk}/edit/",
                "page_url": page.full_url,
            }
            subject = render_to_string("content_rules/email/subject.txt", context).strip()
            message = render_to_string("content_rules/email/message.txt", context)
        # Only once the change is saved: a publish that fails tells nobody.
        transaction.on_commit(
            lambda: send_email.enqueue(subject=subject, message=message, recipient_list=recipients)
        )
