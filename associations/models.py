from django.conf import settings
from django.conf.locale import LANG_INFO
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.blocks import BASIC_BLOCKS
from core.filters import DirectoryFilterSet
from core.models import DirectoryPage, ListingPage

# Languages an association can say it speaks: Django's list plus the territory's communities'
# languages Django has no interface translation for.
EXTRA_LANGUAGES = {
    "wo": "Wolof",
    "bn": "Bengali",
    "ff": "Fula",
    "tw": "Twi",
    "ti": "Tigrinya",
    "so": "Somali",
    "ha": "Hausa",
    "yo": "Yoruba",
    "ig": "Igbo",
    "tl": "Tagalog",
    "ps": "Pashto",
    "zh": "中文",
}
SPOKEN_LANGUAGE_CHOICES = sorted(
    [(code, info["name_local"]) for code, info in LANG_INFO.items() if "name_local" in info]
    + list(EXTRA_LANGUAGES.items()),
    key=lambda choice: choice[1].lower(),
)


class AssociationPage(DirectoryPage):
    """An association's own profile, kept by its editors and approved by the redazione."""

    body = StreamField(BASIC_BLOCKS, verbose_name=_("about the association"), blank=True)
    activities = StreamField(
        [("activity", blocks.CharBlock(label=_("Activity")))],
        verbose_name=_("activities"),
        blank=True,
    )
    founded = models.PositiveSmallIntegerField(_("founded in"), null=True, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    parent_page_types = ["associations.AssociationIndexPage"]
    subpage_types = ["events.EventPage"]

    translatable_fields = DirectoryPage.translatable_fields + [
        TranslatableField("body"),
        TranslatableField("activities"),
        SynchronizedField("founded"),
        SynchronizedField("logo"),
        SynchronizedField("spoken_languages"),
    ]
    search_fields = DirectoryPage.search_fields + [
        index.SearchField("body"),
        index.SearchField("activities"),
    ]
    content_panels = (
        DirectoryPage.content_panels
        + [
            FieldPanel("body"),
            FieldPanel("activities"),
            MultiFieldPanel(
                [
                    FieldPanel("founded"),
                    FieldPanel("logo"),
                    InlinePanel("spoken_languages", label=_("Languages spoken")),
                ],
                heading=_("The association"),
            ),
        ]
        + DirectoryPage.directory_panels
    )

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")

    def upcoming_events(self):
        """This association's events in this page's language, wherever they are published."""
        from events.models import EventIndexPage, EventPage, still_on

        events = (
            EventPage.objects.live()
            .public()
            .filter(locale_id=self.locale_id, organiser__translation_key=self.translation_key)
            .filter(still_on(timezone.now()))
            .select_related("municipality", "locale")
        )
        # A repeating event that began long ago is still coming: listed at its next date.
        return EventIndexPage.dated(events, past=False)


class SpokenLanguage(Orderable):
    page = ParentalKey(AssociationPage, on_delete=models.CASCADE, related_name="spoken_languages")
    language = models.CharField(_("language"), max_length=10, choices=SPOKEN_LANGUAGE_CHOICES)

    panels = [FieldPanel("language")]

    class Meta(Orderable.Meta):
        verbose_name = _("language spoken")

    def __str__(self):
        return self.get_language_display()


class AssociationIndexPage(ListingPage):
    listed_model = AssociationPage
    filterset_class = DirectoryFilterSet

    parent_page_types = ["home.HomePage"]
    subpage_types = ["associations.AssociationPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("list of associations")

    def listed_pages(self):
        return super().listed_pages().order_by("title")


class AssociationSpace(models.Model):
    """An association's editors (a group) and files (a collection), tied to its Italian profile."""

    page = models.OneToOneField(
        AssociationPage,
        on_delete=models.CASCADE,
        related_name="space",
        verbose_name=_("association"),
    )
    group = models.OneToOneField(
        "auth.Group", on_delete=models.PROTECT, related_name="association_space"
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection", on_delete=models.PROTECT, related_name="association_space"
    )

    class Meta:
        verbose_name = _("association space")

    def __str__(self):
        return str(self.page)


class AssociationRequest(models.Model):
    """An association asking to join the portal through the public form (associations.views).

    Holds a contact person's personal data: only the Redazione sees it, and it is never copied
    to the public profile (docs/associations.md, "Onboarding")."""

    class Status(models.TextChoices):
        NEW = "new", pgettext_lazy("association request", "New")
        ACCEPTED = "accepted", pgettext_lazy("association request", "Accepted")
        REJECTED = "rejected", pgettext_lazy("association request", "Rejected")

    name = models.CharField(_("name of the association"), max_length=200)
    description = models.TextField(_("description"))
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("e-mail"))
    contact_phone = models.CharField(_("phone"), max_length=50, blank=True)
    consent_at = models.DateTimeField(_("privacy consent given at"))
    language = models.CharField(_("language of the form"), max_length=10)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    created_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    page = models.ForeignKey(
        AssociationPage,
        verbose_name=_("association page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("association request")
        verbose_name_plural = _("association requests")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name

    def language_names(self):
        names = dict(SPOKEN_LANGUAGE_CHOICES)
        return [names.get(code, code) for code in self.languages]
