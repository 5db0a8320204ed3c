from django import forms
from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.blocks.text import HeadingBlock, TextBlock
from core.models import BasePage, Topic
from core.templatetags.portal_tags import localized_name
from events.feeds import EventsRssFeed
from events.ical import calendar_response, events_calendar
from events.models import file_url

from . import criteria as c
from .blocks import ListingBlock, results_context


class CollectionPageForm(WagtailAdminPageForm):
    """Page types and taxonomy terms as checkboxes; the terms are named in the editor's
    language and stored by slug (the same in every language)."""

    page_types = forms.MultipleChoiceField(
        label=_("Page types"),
        choices=c.PAGE_TYPE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: all of them."),
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=c.topic_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audiences = forms.MultipleChoiceField(
        label=_("For whom"),
        choices=c.audience_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    municipalities = forms.MultipleChoiceField(
        label=_("Municipalities"),
        choices=c.municipality_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class CollectionPage(RoutablePageMixin, BasePage):
    """A list of pages kept up to date by criteria, with its own calendar and news feeds."""

    intro = models.TextField(_("introduction"), blank=True)
    page_types = models.JSONField(_("page types"), default=list, blank=True)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    audiences = models.JSONField(_("for whom"), default=list, blank=True)
    municipalities = models.JSONField(_("municipalities"), default=list, blank=True)
    window = models.CharField(
        _("dates of events and courses"), max_length=20, choices=c.WINDOW_CHOICES, blank=True
    )
    date_from = models.DateField(_("from"), null=True, blank=True)
    date_to = models.DateField(_("to"), null=True, blank=True)
    course_kind = models.CharField(
        _("kind of course"), max_length=20, choices=c.course_kind_choices, blank=True
    )
    course_level = models.CharField(
        _("course level"), max_length=2, choices=c.level_choices, blank=True
    )
    childcare = models.BooleanField(_("only courses with childcare"), default=False)
    only_translated = models.BooleanField(
        _("only pages translated into the visitor's language"), default=False
    )
    sort = models.CharField(_("order"), max_length=10, choices=c.SORT_CHOICES, default="date")
    max_items = models.PositiveSmallIntegerField(_("at most"), default=24)
    display = models.CharField(
        _("show as"), max_length=10, choices=c.DISPLAY_CHOICES, default="cards"
    )

    base_form_class = CollectionPageForm
    parent_page_types = ["home.HomePage", "listings.TopicIndexPage", "home.ContentPage"]
    subpage_types = []

    translatable_fields = BasePage.translatable_fields + [
        TranslatableField("intro"),
        *(
            SynchronizedField(name)
            for name in (
                "page_types", "topics", "audiences", "municipalities", "window", "date_from",
                "date_to", "course_kind", "course_level", "childcare", "only_translated",
                "sort", "max_items", "display",
            )
        ),
    ]  # fmt: skip
    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("page_types"),
                FieldPanel("topics"),
                FieldPanel("audiences"),
                FieldPanel("municipalities"),
            ],
            heading=_("What to list"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("window"),
                FieldRowPanel([FieldPanel("date_from"), FieldPanel("date_to")]),
                FieldRowPanel(
                    [FieldPanel("course_kind"), FieldPanel("course_level"), FieldPanel("childcare")]
                ),
            ],
            heading=_("Events and courses"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("only_translated"),
                FieldRowPanel([FieldPanel("sort"), FieldPanel("max_items")]),
                FieldPanel("display"),
            ],
            heading=_("How to show them"),
        ),
    ]

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")

    @property
    def criteria(self):
        return c.Criteria.of(self)

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.window == "range" and not (self.date_from or self.date_to):
            raise ValidationError({"date_from": _("Give at least one of the two dates.")})
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise ValidationError({"date_to": _("The end cannot be before the start.")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(results_context(self.criteria, self.display, context))
        if self.criteria.lists_events:
            context["feeds"] = {
                "ical": file_url(self, request, "ical"),
                "rss": file_url(self, request, "rss"),
            }
        return context

    # The feeds are the events app's, fed with this collection's events.
    @path("feed.ics/", name="ical")
    def ical(self, request):
        return calendar_response(
            events_calendar(self, self.feed_events(), request), f"{self.slug}.ics"
        )

    @path("feed.rss/", name="rss")
    def rss(self, request):
        return CollectionEventsFeed()(request, index=self)

    def feed_events(self):
        if not self.criteria.lists_events:
            raise Http404
        return [
            page for page in c.find_pages(self.criteria) if page._meta.model_name == "eventpage"
        ]


class CollectionEventsFeed(EventsRssFeed):
    """The events list's RSS feed, with a collection's events instead."""

    def items(self, collection):
        return collection.feed_events()


TOPIC_BLOCKS = [
    ("heading", HeadingBlock()),
    ("text", TextBlock()),
    ("listing", ListingBlock()),
]


def topic_sections(topic):
    """Everything about a topic, one section per page type (upcoming only for dated ones);
    the types with nothing are left out."""
    sections = []
    for page_type, window, heading in TOPIC_SECTIONS:
        criteria = c.Criteria(page_types=(page_type,), topics=(topic.slug,), window=window)
        pages = c.find_pages(criteria)
        if pages:
            sections.append({"heading": heading, "results": pages})
    return sections


TOPIC_SECTIONS = [
    ("servicepage", "", _("Services")),
    ("coursepage", "upcoming", _("Courses")),
    ("eventpage", "upcoming", _("Events")),
    ("associationpage", "", _("Associations")),
]


class TopicIndexPage(RoutablePageMixin, BasePage):
    """The list of topics (health, school, work, documents, …); each topic's page is
    argomenti/<topic slug>/: a TopicPage with that slug if editors made one, else everything
    about the topic, built from collections."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["listings.TopicPage", "listings.CollectionPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("list of topics")

    def route(self, request, path_components):
        # Pages made by editors come before the automatic topic pages.
        if path_components:
            try:
                return Page.route(self, request, path_components)
            except Http404:
                pass
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        topics = Topic.objects.filter(locale__language_code=c.SOURCE_LANGUAGE)
        context["topics"] = sorted(topics, key=lambda topic: localized_name(topic).casefold())
        return context

    @path("<slug:slug>/", name="topic")
    def topic(self, request, slug):
        topic = Topic.objects.filter(locale__language_code=c.SOURCE_LANGUAGE, slug=slug).first()
        if topic is None:
            raise Http404
        return self.render(
            request,
            template="listings/topic_page.html",
            context_overrides={"topic": topic, "default_sections": topic_sections(topic)},
        )


class TopicPage(BasePage):
    """A topic's page written by editors: text and collections. Its address is the topic's
    slug under the list of topics, where it replaces the automatic page."""

    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    body = StreamField(TOPIC_BLOCKS, verbose_name=_("body"), blank=True)

    parent_page_types = ["listings.TopicIndexPage"]
    subpage_types = ["listings.CollectionPage"]

    translatable_fields = BasePage.translatable_fields + [
        SynchronizedField("topic"),
        TranslatableField("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    content_panels = BasePage.content_panels + [FieldPanel("topic"), FieldPanel("body")]

    class Meta:
        verbose_name = _("topic page")
        verbose_name_plural = _("topic pages")

    def full_clean(self, *args, **kwargs):
        if self.topic_id:
            self.slug = self.topic.slug
        super().full_clean(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if not self.body:
            context["default_sections"] = topic_sections(self.topic)
        return context
