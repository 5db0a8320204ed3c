from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from core.models import BasePage

from .blocks import CONTENT_BLOCKS, HOME_BLOCKS


class HomePage(BasePage):
    """The root of each language's tree: /it/, /ar/, … composed of blocks (what's on this week,
    find a course, services by topic, the associations map, the information desks)."""

    body = StreamField(HOME_BLOCKS, verbose_name=_("body"), blank=True)

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    translatable_fields = BasePage.translatable_fields + [TranslatableField("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    content_panels = BasePage.content_panels + [FieldPanel("body")]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public().specific()
        return context


class ContentPage(BasePage):
    """A plain page: about us, privacy, how to use the site; collections can be added."""

    body = StreamField(CONTENT_BLOCKS, verbose_name=_("body"), blank=True)

    translatable_fields = BasePage.translatable_fields + [TranslatableField("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    content_panels = BasePage.content_panels + [FieldPanel("body")]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")
