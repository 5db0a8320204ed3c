"""The territory's registry of linguistic-cultural mediators, the requests for them, who looked at
their personal data, and the public pages about the service (docs/mediators.md)."""

import datetime

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.blocks import BASIC_BLOCKS
from core.models import BasePage

from .blocks import TariffBlock
from .languages import LANGUAGES, language_name


class Area(models.TextChoices):
    """Where mediators work, and which kind of service asks for one."""

    HEALTH = "health", _("Health")
    SCHOOL = "school", _("School")
    SOCIAL = "social", _("Social services")
    LEGAL = "legal", _("Legal")
    EMPLOYMENT = "employment", _("Employment")


class ServiceArea(models.Model):
    """One of the fixed `Area` choices as a row (made by migration), so that a mediator can work
    in several and the registry can be filtered by them."""

    code = models.CharField(_("area"), max_length=20, choices=Area.choices, unique=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["code"]

    def __str__(self):
        return self.get_code_display()


def italian_municipalities():
    return {"locale__language_code": settings.LANGUAGE_CODE}


class Mediator(index.Indexed, ClusterableModel):
    """A trained mediator: personal data, seen only by mediator coordinators and administrators
    (every look is logged, see PersonalDataAccess)."""

    class Training(models.TextChoices):
        NETWORK = "network", _("The network's course, with internship")
        OTHER = "other", _("Other training")

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("mediator", "Active")
        SUSPENDED = "suspended", pgettext_lazy("mediator", "Suspended")
        LEFT = "left", pgettext_lazy("mediator", "Left")

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    areas = ParentalManyToManyField(
        ServiceArea, verbose_name=_("areas"), blank=True, related_name="mediators"
    )
    municipalities = ParentalManyToManyField(
        "core.Municipality",
        verbose_name=_("municipalities served"),
        blank=True,
        related_name="+",
        limit_choices_to=italian_municipalities,
    )
    training = models.CharField(
        _("training"), max_length=20, choices=Training.choices, default=Training.NETWORK
    )
    training_details = models.CharField(
        _("training details"),
        max_length=255,
        blank=True,
        help_text=_("Year of the course, or which other training."),
    )
    # When they can work: what the matching compares a request's date and time with.
    available_mornings = models.BooleanField(_("mornings"), default=True)
    available_afternoons = models.BooleanField(_("afternoons"), default=True)
    available_evenings = models.BooleanField(_("evenings"), default=False)
    available_weekends = models.BooleanField(_("weekends"), default=False)
    available_remote = models.BooleanField(_("by phone or video"), default=True)
    availability_notes = models.TextField(_("availability notes"), blank=True)
    consent_date = models.DateField(
        _("consent to data processing given on"),
        null=True,
        blank=True,
        help_text=_("Without consent a mediator is never suggested for a request."),
    )
    consent_scope = models.TextField(
        _("consent scope"),
        blank=True,
        help_text=_("What the mediator agreed to, as on the signed form."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")]),
                FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
                FieldPanel("status"),
            ],
            heading=_("Mediator"),
        ),
        InlinePanel("languages", label=_("Languages"), min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("areas", widget=forms.CheckboxSelectMultiple),
                FieldPanel("municipalities", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Where they work"),
        ),
        MultiFieldPanel(
            [FieldPanel("training"), FieldPanel("training_details")], heading=_("Training")
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("available_mornings"),
                        FieldPanel("available_afternoons"),
                        FieldPanel("available_evenings"),
                    ]
                ),
                FieldRowPanel([FieldPanel("available_weekends"), FieldPanel("available_remote")]),
                FieldPanel("availability_notes"),
            ],
            heading=_("Availability"),
        ),
        MultiFieldPanel(
            [FieldPanel("consent_date"), FieldPanel("consent_scope")],
            heading=_("Consent to data processing"),
        ),
    ]
    search_fields = [
        index.SearchField("first_name"),
        index.SearchField("last_name"),
        index.SearchField("email"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = _("mediator")
        verbose_name_plural = _("mediators")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def language_list(self):
        return ", ".join(str(language) for language in self.languages.all())

    language_list.short_description = _("languages")

    def available_at(self, moment, remote):
        """Whether their availability covers a request at `moment` (local time)."""
        moment = timezone.localtime(moment)
        if remote and not self.available_remote:
            return False
        if moment.weekday() >= 5 and not self.available_weekends:
            return False
        if moment.hour < 13:
            return self.available_mornings
        if moment.hour < 18:
            return self.available_afternoons
        return self.available_evenings


class MediatorLanguage(Orderable):
    class Level(models.TextChoices):
        NATIVE = "native", _("Native")
        FLUENT = "fluent", _("Fluent (C1–C2)")
        GOOD = "good", _("Good (B1–B2)")

    mediator = ParentalKey(Mediator, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGES)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.FLUENT)

    panels = [FieldRowPanel([FieldPanel("language"), FieldPanel("level")])]

    class Meta(Orderable.Meta):
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = [
            models.UniqueConstraint(
                fields=["mediator", "language"], name="unique_mediator_language"
            )
        ]

    def __str__(self):
        return f"{language_name(self.language)} ({self.get_level_display()})"


class MediatorRequestQuerySet(models.QuerySet):
    def closed(self):
        return self.filter(
            status__in=[MediatorRequest.Status.DONE, MediatorRequest.Status.CANCELLED]
        )


class MediatorRequest(models.Model):
    """A professional (a school, a hospital, a social service) asking for a mediator, through
    the public form (MediatorRequestPage). Stored before any e-mail is sent."""

    class Status(models.TextChoices):
        NEW = "new", pgettext_lazy("mediator request", "New")
        ASSIGNED = "assigned", pgettext_lazy("mediator request", "Assigned")
        DONE = "done", pgettext_lazy("mediator request", "Done")
        CANCELLED = "cancelled", pgettext_lazy("mediator request", "Cancelled")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        REMOTE = "remote", _("By phone or video")

    organisation = models.CharField(_("organisation"), max_length=200)
    service_type = models.CharField(_("type of service"), max_length=20, choices=Area.choices)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=50, blank=True)
    language = models.CharField(_("language needed"), max_length=10, choices=LANGUAGES)
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=60,
        help_text=_("Expected when requested; the time actually worked once done."),
    )
    mode = models.CharField(
        _("in person or remote"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON
    )
    municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    place = models.CharField(_("place"), max_length=255, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    form_language = models.CharField(_("language of the form"), max_length=10)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    mediator = models.ForeignKey(
        Mediator,
        verbose_name=_("mediator"),
        on_delete=models.SET_NULL,  # erasing a mediator keeps the request's figures
        null=True,
        blank=True,
        related_name="requests",
    )
    created_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    objects = MediatorRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("mediator request")
        verbose_name_plural = _("mediator requests")
        ordering = ["-created_at"]

    def __str__(self):
        when = f"{self.local_start():%d/%m/%Y %H:%M}"
        return f"{self.organisation} – {language_name(self.language)}, {when}"

    def local_start(self):
        return timezone.localtime(self.starts_at)

    @property
    def ends_at(self):
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def is_remote(self):
        return self.mode == self.Mode.REMOTE

    def anonymise(self, now=None):
        """Forget who asked: the request keeps what the funder's figures need."""
        self.contact_name = self.contact_email = self.contact_phone = ""
        self.place = self.notes = ""
        self.anonymised_at = now or timezone.now()
        self.save(
            update_fields=[
                "contact_name",
                "contact_email",
                "contact_phone",
                "place",
                "notes",
                "anonymised_at",
            ]
        )


class PersonalDataAccess(models.Model):
    """Who looked at, exported or erased mediators' personal data, and when. Names no one but
    the staff member: the object is known by its id."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        EDIT = "edit", _("Opened for editing")
        EXPORT = "export", _("Exported the registry")
        DATA_EXPORT = "data_export", _("Exported a mediator's data")
        ERASE = "erase", _("Erased")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("what"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=50, blank=True)
    details = models.CharField(_("details"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("access to personal data")
        verbose_name_plural = _("accesses to personal data")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.username} {self.get_action_display()} {self.object_type} {self.object_id}"

    @classmethod
    def record(cls, user, action, obj=None, *, model=None, details=""):
        model = model or type(obj)
        return cls.objects.create(
            user=user if user and user.is_authenticated else None,
            username=user.get_username() if user and user.is_authenticated else "",
            action=action,
            object_type=model._meta.label,
            object_id=str(obj.pk) if obj is not None else "",
            details=details[:255],
        )


def coverage():
    """What the public may know: how many active, consenting mediators per language and area."""
    mediators = Mediator.objects.filter(status=Mediator.Status.ACTIVE, consent_date__isnull=False)
    languages = (
        MediatorLanguage.objects.filter(mediator__in=mediators)
        .values("language")
        .annotate(mediators=Count("mediator", distinct=True))
    )
    areas = ServiceArea.objects.annotate(
        total=Count("mediators", filter=Q(mediators__in=mediators), distinct=True)
    ).filter(total__gt=0)
    return {
        "languages": sorted(
            ((language_name(row["language"]), row["mediators"]) for row in languages),
            key=lambda row: row[0].casefold(),
        ),
        "areas": [(str(area), area.total) for area in areas],
        "total": mediators.count(),
    }


class MediatorCoveragePage(BasePage):
    """Which languages and areas the mediators cover: counts only, never names."""

    body = StreamField(BASIC_BLOCKS, verbose_name=_("body"), blank=True)

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    translatable_fields = BasePage.translatable_fields + [TranslatableField("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    content_panels = BasePage.content_panels + [FieldPanel("body")]

    class Meta:
        verbose_name = _("mediators' coverage")

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # The counts change with the registry, not when pages are published: no shared caches.
        patch_cache_control(response, private=True)
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["coverage"] = coverage()
        context["request_page"] = (
            MediatorRequestPage.objects.live().filter(locale_id=self.locale_id).first()
        )
        return context


class MediatorProtocolPage(BasePage):
    """The network's protocol for employing and paying mediators: text, tariffs, document."""

    body = StreamField(BASIC_BLOCKS, verbose_name=_("body"), blank=True)
    tariffs = StreamField([("tariff", TariffBlock())], verbose_name=_("tariffs"), blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("protocol document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The signed protocol, for download."),
    )

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    translatable_fields = BasePage.translatable_fields + [
        TranslatableField("body"),
        TranslatableField("tariffs"),
        SynchronizedField("document"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    content_panels = BasePage.content_panels + [
        FieldPanel("body"),
        FieldPanel("tariffs"),
        FieldPanel("document"),
    ]

    class Meta:
        verbose_name = _("mediators' protocol")


class MediatorRequestPage(RoutablePageMixin, BasePage):
    """The public form where professionals ask for a mediator; "sent/" thanks them."""

    body = StreamField(BASIC_BLOCKS, verbose_name=_("body"), blank=True)
    privacy_notice = models.TextField(
        _("privacy notice"),
        blank=True,
        help_text=_(
            "Shown next to the consent box: who sees the contact details, and for how long."
        ),
    )

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    translatable_fields = BasePage.translatable_fields + [
        TranslatableField("body"),
        TranslatableField("privacy_notice"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    content_panels = BasePage.content_panels + [FieldPanel("body"), FieldPanel("privacy_notice")]

    class Meta:
        verbose_name = _("mediator request form")

    @path("")
    def form_view(self, request):
        from .forms import RequestForm
        from .workflow import request_received

        if request.method == "POST":
            form = RequestForm(request.POST, language=get_language())
            if form.is_valid():
                mediator_request = form.save()  # stored before any e-mail is sent
                request_received(mediator_request)
                return redirect(self.url + self.reverse_subpage("sent"))
            form.refresh_stamp()
        else:
            form = RequestForm(language=get_language())
        response = self.render(request, context_overrides={"form": form})
        add_never_cache_headers(response)
        return response

    @path("sent/", name="sent")
    def sent_view(self, request):
        return self.render(request, template="mediators/mediator_request_sent.html")
