"""What every public page of the portal shares: taxonomies, the base page, place and contacts."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from translations.panels import TranslationStatusPanel


class Taxonomy(TranslatableMixin, models.Model):
    """A translatable term; its slug is the same in every language and is what URLs filter on."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)

    translatable_fields = [TranslatableField("name"), SynchronizedField("slug")]
    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Topic(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_topic_slug_per_locale")
        ]


class Audience(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_audience_slug_per_locale"
            )
        ]


class Municipality(Taxonomy):
    class Area(models.TextChoices):
        CREMONESE = "cremonese", _("Cremonese")
        CASALASCO = "casalasco", _("Casalasco")

    area = models.CharField(_("area"), max_length=20, choices=Area.choices)

    translatable_fields = Taxonomy.translatable_fields + [SynchronizedField("area")]
    panels = Taxonomy.panels + [FieldPanel("area")]

    class Meta(Taxonomy.Meta):
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_municipality_slug_per_locale"
            )
        ]


class BasePage(Page):
    """Every page type of the portal: a plain-language summary and a stable import key.

    The key comes from imported content (or stays empty for pages made in the admin) and is
    shared by a page and all its translations, so re-importing updates instead of duplicating.
    """

    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("One or two short sentences in plain language: shown in listings and search."),
    )
    import_key = models.SlugField(
        _("import key"), max_length=120, blank=True, editable=False, db_index=True
    )

    translatable_fields = [
        TranslatableField("title"),
        SynchronizedField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("summary"),
        SynchronizedField("import_key"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=1.5),
        index.FilterField("import_key"),
    ]
    content_panels = Page.content_panels + [FieldPanel("summary")]
    settings_panels = Page.settings_panels + [TranslationStatusPanel()]

    class Meta:
        abstract = True


class DirectoryPage(BasePage):
    """A page residents look up by place and topic: services, courses, events, associations."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    location_name = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    topics = ParentalManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="+")
    audiences = ParentalManyToManyField(
        Audience, verbose_name=_("audiences"), blank=True, related_name="+"
    )

    # Taxonomy links point at the Italian terms in every language; templates show `.localized`.
    translatable_fields = BasePage.translatable_fields + [
        SynchronizedField("municipality"),
        TranslatableField("location_name"),
        SynchronizedField("address"),
        SynchronizedField("latitude"),
        SynchronizedField("longitude"),
        SynchronizedField("phone"),
        SynchronizedField("email"),
        SynchronizedField("website"),
        SynchronizedField("topics"),
        SynchronizedField("audiences"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("location_name"),
        index.SearchField("address"),
        index.RelatedFields("municipality", [index.SearchField("name")]),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.FilterField("municipality"),
    ]
    # Subclasses add these after their own fields in content_panels.
    directory_panels = [
        MultiFieldPanel(
            [
                FieldPanel("municipality"),
                FieldPanel("location_name"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email"), FieldPanel("website")],
            heading=_("Contacts"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Topics and audiences"),
        ),
    ]

    class Meta:
        abstract = True

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None


class ListingPage(BasePage):
    """An index page: lists the live pages of one type in its language, with filters.

    Subclasses name the `listed_model` and a django-filter `filterset_class`.
    """

    listed_model = None
    filterset_class = None
    per_page = 12

    class Meta:
        abstract = True

    def listed_pages(self):
        return (
            self.listed_model.objects.live()
            .public()
            .child_of(self)
            .select_related("municipality", "locale")
            .prefetch_related("topics", "audiences")
        )

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        filterset = self.filterset_class(request.GET or None, queryset=self.listed_pages())
        if filterset.is_bound and not filterset.is_valid():
            # Bad values (an old link, a typed URL) are reported and ignored; the rest applies.
            context["filter_errors"] = filterset.form.errors
            data = request.GET.copy()
            for name in filterset.form.errors:
                data.pop(name, None)
            filterset = self.filterset_class(data, queryset=self.listed_pages())
        pages = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        context["filterset"] = filterset
        context["pages"] = Paginator(pages, self.per_page).get_page(request.GET.get("page"))
        return context


class ImportedItem(models.Model):
    """The last version of each imported item, so that importing an unchanged file again
    writes no new revisions and leaves translations as they were."""

    key = models.SlugField(max_length=120, unique=True)
    digest = models.CharField(max_length=64)
    imported_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.key
