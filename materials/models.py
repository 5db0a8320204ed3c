"""The network's printed materials (leaflets, posters, guides in many languages) and the
library page that lists them."""

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.models import Orderable

from core.models import BasePage

# Materials link to the Italian taxonomy terms, like pages do; templates show `.localized`.
ITALIAN_TERMS = {"locale__language_code": settings.LANGUAGE_CODE}


class Language(models.Model):
    """A language materials are written in, named in that language (العربية, not "Arabic")."""

    code = models.CharField(
        _("code"), max_length=12, unique=True, help_text=_("BCP 47 code, e.g. ar, zh-Hans, ti.")
    )
    name = models.CharField(_("name in the language itself"), max_length=60)
    right_to_left = models.BooleanField(_("written right to left"), default=False)

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("right_to_left")]

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def direction(self):
        return "rtl" if self.right_to_left else "ltr"


class Material(ClusterableModel):
    """One file (a PDF leaflet, a poster, a guide) in one or more languages."""

    class Kind(models.TextChoices):
        LEAFLET = "leaflet", _("Leaflet")
        POSTER = "poster", _("Poster")
        GUIDE = "guide", _("Guide")

    title = models.CharField(_("title"), max_length=255, help_text=_("As printed on the material."))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.LEAFLET)
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("file"),
        on_delete=models.CASCADE,
        related_name="materials",
    )
    languages = ParentalManyToManyField(
        Language, verbose_name=_("languages"), related_name="materials"
    )
    topics = ParentalManyToManyField(
        "core.Topic",
        verbose_name=_("topics"),
        blank=True,
        related_name="+",
        limit_choices_to=ITALIAN_TERMS,
    )
    municipalities = ParentalManyToManyField(
        "core.Municipality",
        verbose_name=_("municipalities"),
        blank=True,
        related_name="+",
        limit_choices_to=ITALIAN_TERMS,
        help_text=_("Leave empty for materials about the whole territory."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("document"),
        FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("municipalities", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Topics and places"),
        ),
        InlinePanel(
            "page_links",
            label=_("Pages with the same information"),
            help_text=_('These pages say "also available as a leaflet in …" with a link here.'),
        ),
    ]

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["title"]

    def __str__(self):
        return self.title


class MaterialPage(Orderable):
    """A page whose information a material gives on paper (any language version of it)."""

    material = ParentalKey(Material, on_delete=models.CASCADE, related_name="page_links")
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = _("page with the same information")


class MaterialLibraryPage(BasePage):
    """The library: every material, filterable by language, topic, municipality and kind."""

    per_page = 20

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("materials library")

    def get_context(self, request, *args, **kwargs):
        from .filters import material_filterset

        context = super().get_context(request, *args, **kwargs)
        materials = Material.objects.select_related("document").prefetch_related(
            "languages", "municipalities"
        )
        filterset, errors = material_filterset(request.GET, materials)
        context["filterset"] = filterset
        context["filter_errors"] = errors
        context["materials"] = Paginator(filterset.qs, self.per_page).get_page(
            request.GET.get("page")
        )
        return context
