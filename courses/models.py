from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.blocks import BASIC_BLOCKS
from core.models import DirectoryPage, ListingPage


class CoursePage(RoutablePageMixin, DirectoryPage):
    """An Italian course, language support for pupils, summer study support or mediator training."""

    class Kind(models.TextChoices):
        ITALIAN = "italian", _("Italian course")
        PUPILS = "pupils", _("Language support for pupils")
        SUMMER = "summer", _("Summer study support")
        MEDIATORS = "mediators", _("Mediator training")

    class Level(models.TextChoices):
        A0 = "A0", _("A0 – beginners, also for those learning to read and write")
        A1 = "A1", "A1"
        A2 = "A2", "A2"
        B1 = "B1", "B1"
        B2 = "B2", "B2"

    class Status(models.TextChoices):
        OPEN = "open", _("Open for enrolment")
        FULL = "full", _("Full")
        CLOSED = "closed", _("Closed")

    kind = models.CharField(
        _("kind of course"), max_length=20, choices=Kind.choices, default=Kind.ITALIAN
    )
    level = models.CharField(_("level"), max_length=2, choices=Level.choices, blank=True)
    starts = models.DateField(_("first lesson"), null=True, blank=True)
    ends = models.DateField(_("last lesson"), null=True, blank=True)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    free = models.BooleanField(_("free of charge"), default=True)
    childcare = models.BooleanField(_("childcare during lessons"), default=False)
    places_total = models.PositiveSmallIntegerField(_("places"), null=True, blank=True)
    places_left = models.PositiveSmallIntegerField(_("places left"), null=True, blank=True)
    status = models.CharField(
        _("enrolment"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    how_to_enrol = models.TextField(_("how to enrol"), blank=True)
    body = StreamField(BASIC_BLOCKS, verbose_name=_("body"), blank=True)

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = []

    translatable_fields = DirectoryPage.translatable_fields + [
        SynchronizedField("kind"),
        SynchronizedField("level"),
        SynchronizedField("starts"),
        SynchronizedField("ends"),
        SynchronizedField("provider"),
        SynchronizedField("free"),
        SynchronizedField("childcare"),
        SynchronizedField("places_total"),
        SynchronizedField("places_left"),
        SynchronizedField("status"),
        TranslatableField("how_to_enrol"),
        TranslatableField("body"),
        SynchronizedField("sessions"),
    ]
    search_fields = DirectoryPage.search_fields + [
        index.SearchField("body"),
        index.SearchField("provider"),
        index.FilterField("kind"),
        index.FilterField("level"),
        index.FilterField("childcare"),
        index.FilterField("free"),
        index.FilterField("status"),
    ]
    content_panels = (
        DirectoryPage.content_panels
        + [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("kind"), FieldPanel("level")]),
                    FieldRowPanel([FieldPanel("starts"), FieldPanel("ends")]),
                    InlinePanel("sessions", label=_("Weekly lessons")),
                    FieldPanel("provider"),
                    FieldRowPanel([FieldPanel("free"), FieldPanel("childcare")]),
                ],
                heading=_("The course"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("status"),
                            FieldPanel("places_total"),
                            FieldPanel("places_left"),
                        ]
                    ),
                    FieldPanel("how_to_enrol"),
                ],
                heading=_("Enrolment"),
            ),
            FieldPanel("body"),
        ]
        + DirectoryPage.directory_panels
    )

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    @property
    def is_over(self):
        return self.ends is not None and self.ends < timezone.localdate()

    @property
    def current_status(self):
        """What a resident can do now: a course that has ended is closed whatever was set."""
        return self.Status.CLOSED if self.is_over else self.Status(self.status)

    @property
    def has_lesson_calendar(self):
        return bool(self.starts and self.ends and self.sessions.all())

    @path("sessions.ics/", name="sessions_ical")
    def sessions_ical(self, request):
        from events.ical import calendar_response, course_calendar

        if not self.has_lesson_calendar:
            raise Http404("This course has no dates and weekly lessons yet")
        return calendar_response(
            course_calendar(self, request), f"{self.slug}-lessons.ics", attachment=True
        )

    def get_context(self, request, *args, **kwargs):
        from events.models import file_url
        from events.schema import course_data

        context = super().get_context(request, *args, **kwargs)
        context["structured_data"] = course_data(self, request)
        if self.has_lesson_calendar:
            context["lessons_ical_url"] = file_url(self, request, "sessions_ical")
        return context

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        errors = {}
        if self.starts and self.ends and self.ends < self.starts:
            errors["ends"] = _("The last lesson cannot be before the first one.")
        if self.places_left is not None and self.places_total is not None:
            if self.places_left > self.places_total:
                errors["places_left"] = _("Places left cannot be more than the places.")
        if errors:
            raise ValidationError(errors)


class CourseSession(Orderable):
    """One weekly lesson slot, e.g. Tuesday 09:00–11:00."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="sessions")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("to"))

    panels = [
        FieldRowPanel([FieldPanel("weekday"), FieldPanel("start_time"), FieldPanel("end_time")])
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("weekly lesson")

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The lesson must end after it starts.")})


class CourseIndexPage(ListingPage):
    listed_model = CoursePage

    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("list of courses")

    @property
    def filterset_class(self):
        from .filters import CourseFilterSet

        return CourseFilterSet

    def listed_pages(self):
        return super().listed_pages().prefetch_related("sessions").order_by("starts", "title")
