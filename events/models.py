from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.blocks import BASIC_BLOCKS
from core.models import DirectoryPage, ListingPage


class EventPage(DirectoryPage):
    """Something happening on a date, in Europe/Rome time; past events stay online, marked past."""

    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"), null=True, blank=True)
    organiser = models.ForeignKey(
        "associations.AssociationPage",
        verbose_name=_("organised by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    free = models.BooleanField(_("free entry"), default=True)
    registration_required = models.BooleanField(_("registration required"), default=False)
    how_to_register = models.TextField(_("how to register"), blank=True)
    body = StreamField(BASIC_BLOCKS, verbose_name=_("body"), blank=True)

    # Associations publish events in their own space (under their profile) too.
    parent_page_types = ["events.EventIndexPage", "associations.AssociationPage"]
    subpage_types = []

    translatable_fields = DirectoryPage.translatable_fields + [
        SynchronizedField("starts"),
        SynchronizedField("ends"),
        SynchronizedField("organiser"),
        SynchronizedField("free"),
        SynchronizedField("registration_required"),
        TranslatableField("how_to_register"),
        TranslatableField("body"),
    ]
    search_fields = DirectoryPage.search_fields + [
        index.SearchField("body"),
        index.FilterField("starts"),
        index.FilterField("free"),
    ]
    content_panels = (
        DirectoryPage.content_panels
        + [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("starts"), FieldPanel("ends")]),
                    FieldPanel("organiser"),
                    FieldRowPanel([FieldPanel("free"), FieldPanel("registration_required")]),
                    FieldPanel("how_to_register"),
                ],
                heading=_("When and how"),
            ),
            FieldPanel("body"),
        ]
        + DirectoryPage.directory_panels
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def save(self, *args, **kwargs):
        # An event published in an association's space is that association's, unless told otherwise.
        if self.organiser_id is None and self.depth:
            parent = self.get_parent()
            if parent is not None and parent.specific_class.__name__ == "AssociationPage":
                from associations.spaces import source_page

                self.organiser = source_page(parent)
        super().save(*args, **kwargs)

    @property
    def is_past(self):
        return (self.ends or self.starts) < timezone.now()

    @property
    def organiser_localized(self):
        """The organiser's profile in this page's language, or the Italian one."""
        if self.organiser is None:
            return None
        return (
            self.organiser.get_translations(inclusive=True).filter(locale=self.locale_id).first()
            or self.organiser
        )

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.starts and self.ends and self.ends < self.starts:
            raise ValidationError({"ends": _("An event cannot end before it starts.")})


class EventIndexPage(ListingPage):
    listed_model = EventPage

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("list of events")

    @property
    def filterset_class(self):
        from .filters import EventFilterSet

        return EventFilterSet

    def listed_pages(self):
        # Events live here and under association profiles: list all of this language's.
        return (
            EventPage.objects.live()
            .public()
            .filter(locale_id=self.locale_id)
            .select_related("municipality", "locale")
            .prefetch_related("topics", "audiences")
        )
