from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.blocks import SERVICE_BLOCKS
from core.filters import DirectoryFilterSet
from core.models import DirectoryPage, ListingPage


class ServicePage(DirectoryPage):
    """How to reach a health, social, school, work or documents service, in plain language."""

    body = StreamField(SERVICE_BLOCKS, verbose_name=_("body"), blank=True)
    last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_("When someone last checked that this information is still true."),
    )

    parent_page_types = ["services.ServiceIndexPage"]
    subpage_types = []

    translatable_fields = DirectoryPage.translatable_fields + [
        TranslatableField("body"),
        SynchronizedField("last_reviewed"),
    ]
    search_fields = DirectoryPage.search_fields + [index.SearchField("body")]
    content_panels = (
        DirectoryPage.content_panels
        + [FieldPanel("body"), FieldPanel("last_reviewed")]
        + DirectoryPage.directory_panels
    )

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")


class ServiceIndexPage(ListingPage):
    listed_model = ServicePage
    filterset_class = DirectoryFilterSet

    parent_page_types = ["home.HomePage"]
    subpage_types = ["services.ServicePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("list of services")
