"""Menus staff edit in the admin, one per place on the page and language."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField


class Menu(TranslatableMixin, ClusterableModel):
    """The links of the main menu (header) or of the footer, in one language.

    The Italian menu is the original; translating it (the snippet's "Translate" action) makes
    the other languages' menus. A language without its own menu shows the Italian one, with
    each page link pointing at that language's version of the page.
    """

    class Place(models.TextChoices):
        MAIN = "main", _("Main menu (header)")
        FOOTER = "footer", _("Footer menu")

    slug = models.CharField(pgettext_lazy("menu", "place"), max_length=20, choices=Place.choices)

    translatable_fields = [SynchronizedField("slug"), TranslatableField("items")]
    panels = [FieldPanel("slug"), InlinePanel("items", label=pgettext_lazy("menu", "links"))]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("menu")
        verbose_name_plural = _("menus")
        ordering = ["slug"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_menu_place_per_locale")
        ]

    def __str__(self):
        return f"{self.get_slug_display()} ({self.locale})"


class MenuItem(TranslatableMixin, Orderable):
    """A link to a page of the site or to another website, with an optional label."""

    menu = ParentalKey(Menu, on_delete=models.CASCADE, related_name="items")
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    link_url = models.URLField(_("other website"), blank=True)
    label = models.CharField(
        pgettext_lazy("menu", "label"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty to show the title of the page."),
    )

    # The page link becomes the translated page when the menu is translated.
    translatable_fields = [
        TranslatableField("label"),
        TranslatableField("link_page"),
        SynchronizedField("link_url"),
    ]
    panels = [PageChooserPanel("link_page"), FieldPanel("link_url"), FieldPanel("label")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def clean(self):
        super().clean()
        if bool(self.link_page_id) == bool(self.link_url):
            raise ValidationError(
                _("Choose a page of the site or type the address of another website.")
            )
        if self.link_url and not self.label:
            raise ValidationError({"label": _("A link to another website needs a label.")})

    def __str__(self):
        return self.label or (self.link_page.title if self.link_page_id else self.link_url)
