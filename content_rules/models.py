"""Rules staff set in the admin: when a page of some type changes, tell a group or note it."""

from django import forms
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import Page, get_page_models

from core.models import Topic

from .forms import ContentRuleForm


def public_page_types():
    """The page types of the public site (not Wagtail's bare root page)."""
    pairs = [(m._meta.app_label, m._meta.model_name) for m in get_page_models() if m is not Page]
    query = Q(pk__in=[])
    for app_label, model_name in pairs:
        query |= Q(app_label=app_label, model=model_name)
    return query


def italian_topics():
    return Q(locale__language_code=settings.LANGUAGE_CODE)


class Event(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("page event", "submitted for review")
    PUBLISHED = "published", pgettext_lazy("page event", "published")
    UNPUBLISHED = "unpublished", pgettext_lazy("page event", "unpublished")
    TRANSLATION_OUTDATED = (
        "translation_outdated",
        pgettext_lazy("page event", "translations became outdated"),
    )


class ContentRule(models.Model):
    """When an Italian page of one of `page_types` (below `section`, with `topic`, if given) is
    submitted, published, unpublished or makes its translations outdated: e-mail
    `notify_group` and/or note it in the page's history."""

    name = models.CharField(_("name"), max_length=200)
    enabled = models.BooleanField(pgettext_lazy("content rule", "enabled"), default=True)
    on_submitted = models.BooleanField(
        pgettext_lazy("page event", "submitted for review"), default=False
    )
    on_published = models.BooleanField(pgettext_lazy("page event", "published"), default=False)
    on_unpublished = models.BooleanField(pgettext_lazy("page event", "unpublished"), default=False)
    on_translation_outdated = models.BooleanField(
        pgettext_lazy("page event", "translations became outdated"),
        default=False,
        help_text=_("The Italian page was published again and its translations are now older."),
    )
    page_types = models.ManyToManyField(
        ContentType,
        verbose_name=_("page types"),
        limit_choices_to=public_page_types,
        related_name="+",
    )
    section = models.ForeignKey(
        Page,
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_(
            "Only pages below this page (in any language). Leave empty for the whole site."
        ),
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        limit_choices_to=italian_topics,
        related_name="+",
        help_text=_("Only pages with this topic. Leave empty for pages on any topic."),
    )
    notify_group = models.ForeignKey(
        Group,
        verbose_name=_("e-mail this group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    add_to_history = models.BooleanField(
        _("note it in the page's history"),
        default=False,
    )
    last_fired_at = models.DateTimeField(_("last applied"), null=True, editable=False)
    times_fired = models.PositiveIntegerField(_("times applied"), default=0, editable=False)

    base_form_class = ContentRuleForm
    panels = [
        FieldPanel("name"),
        FieldPanel("enabled"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("on_submitted"),
                        FieldPanel("on_published"),
                        FieldPanel("on_unpublished"),
                        FieldPanel("on_translation_outdated"),
                    ]
                )
            ],
            heading=_("When a page is"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("page_types", widget=forms.CheckboxSelectMultiple),
                PageChooserPanel("section"),
                FieldPanel("topic"),
            ],
            heading=_("Which pages"),
        ),
        MultiFieldPanel(
            [FieldPanel("notify_group"), FieldPanel("add_to_history")],
            heading=pgettext_lazy("content rule", "Then"),
        ),
    ]

    class Meta:
        verbose_name = _("content rule")
        verbose_name_plural = _("content rules")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if not self.events:
            errors["on_published"] = _("Choose at least one moment when the rule applies.")
        if self.notify_group_id is None and not self.add_to_history:
            errors["notify_group"] = _(
                "Choose a group to e-mail, or note it in the page's history, or both."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def events(self):
        return [event for event in Event if getattr(self, f"on_{event.value}")]

    def events_display(self):
        return ", ".join(str(event.label) for event in self.events)

    events_display.short_description = pgettext_lazy("content rule", "when")


class ContentRuleFiring(models.Model):
    """One time a rule applied: what happened to which page, and how many people were told."""

    rule = models.ForeignKey(
        ContentRule, verbose_name=_("rule"), on_delete=models.CASCADE, related_name="firings"
    )
    page = models.ForeignKey(
        Page, verbose_name=_("page"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    event = models.CharField(
        pgettext_lazy("content rule", "event"), max_length=30, choices=Event.choices
    )
    fired_at = models.DateTimeField(_("when"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("people e-mailed"), default=0)

    class Meta:
        verbose_name = _("content rule applied")
        verbose_name_plural = _("content rules applied")
        ordering = ["-fired_at"]

    def __str__(self):
        return f"{self.rule} · {self.get_event_display()} · {self.fired_at:%Y-%m-%d %H:%M}"
