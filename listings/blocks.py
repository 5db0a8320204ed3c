"""The listing block: a collection inside any page body, defined by criteria."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from . import criteria as c


class ListingBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False)
    page_types = blocks.MultipleChoiceBlock(
        label=_("Page types"),
        choices=c.PAGE_TYPE_CHOICES,
        required=False,
        help_text=_("None chosen: all of them."),
    )
    topics = blocks.MultipleChoiceBlock(label=_("Topics"), choices=c.topic_choices, required=False)
    audiences = blocks.MultipleChoiceBlock(
        label=_("For whom"), choices=c.audience_choices, required=False
    )
    municipalities = blocks.MultipleChoiceBlock(
        label=_("Municipalities"), choices=c.municipality_choices, required=False
    )
    window = blocks.ChoiceBlock(
        label=_("Dates of events and courses"),
        choices=c.WINDOW_CHOICES,
        required=False,
        include_blank=False,
        default="",
    )
    date_from = blocks.DateBlock(label=_("From"), required=False)
    date_to = blocks.DateBlock(label=_("To"), required=False)
    course_kind = blocks.ChoiceBlock(
        label=_("Kind of course"), choices=c.course_kind_choices, required=False
    )
    course_level = blocks.ChoiceBlock(
        label=_("Course level"), choices=c.level_choices, required=False
    )
    childcare = blocks.BooleanBlock(label=_("Only courses with childcare"), required=False)
    only_translated = blocks.BooleanBlock(
        label=_("Only pages translated into the visitor's language"), required=False
    )
    sort = blocks.ChoiceBlock(
        label=_("Order"), choices=c.SORT_CHOICES, default="date", include_blank=False
    )
    max_items = blocks.IntegerBlock(label=_("At most"), default=6, min_value=1, max_value=100)
    display = blocks.ChoiceBlock(
        label=_("Show as"), choices=c.DISPLAY_CHOICES, default="cards", include_blank=False
    )

    class Meta:
        icon = "list-ul"
        label = _("Collection")
        template = "listings/blocks/listing.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context.update(results_context(c.Criteria.of(value), value.get("display"), context))
        return context


def results_context(criteria, display, context):
    """What the results template needs, with the editor's hint when nothing matches."""
    request = context.get("request")
    pages = c.find_pages(criteria)
    return {
        "results": pages,
        "display": display or "cards",
        "days": by_day(pages) if display == "calendar" else None,
        "empty_hint": (
            c.explain_empty(criteria)
            if not pages and getattr(request, "is_preview", False)
            else None
        ),
    }


def by_day(pages):
    """[(day or None, [pages])] in order: events and courses under the day they start."""
    from django.utils import timezone

    days = {}
    for page in pages:
        listed = getattr(page, "listed", None)
        starts = listed.starts if listed is not None else getattr(page, "starts", None)
        if starts is not None and hasattr(starts, "hour"):
            starts = timezone.localtime(starts).date()
        days.setdefault(starts, []).append(page)
    return sorted(days.items(), key=lambda item: (item[0] is None, item[0] or 0))
