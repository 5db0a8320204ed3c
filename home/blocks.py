"""The blocks a home page is composed of; each finds its own pages in the visitor's language."""

from django.db.models import Count
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from core.blocks import BASIC_BLOCKS
from core.templatetags.portal_tags import localized_name
from listings import criteria as c
from listings.blocks import ListingBlock, results_context


def _in_language(model):
    return model.objects.live().public().filter(locale__language_code=get_language())


def _url(page, context):
    return page.get_url(context.get("request")) if page is not None else ""


class WhatsOnBlock(blocks.StructBlock):
    """The events of the current week, Monday to Sunday: changes by itself as days pass."""

    heading = blocks.CharBlock(
        label=_("Heading"), required=False, help_text=_("Empty: “What's on this week”.")
    )
    max_items = blocks.IntegerBlock(label=_("At most"), default=6, min_value=1, max_value=30)
    display = blocks.ChoiceBlock(
        label=_("Show as"), choices=c.DISPLAY_CHOICES, default="calendar", include_blank=False
    )

    class Meta:
        icon = "date"
        label = _("What's on this week")
        template = "home/blocks/whats_on.html"

    def get_context(self, value, parent_context=None):
        from events.models import EventIndexPage

        context = super().get_context(value, parent_context=parent_context)
        criteria = c.Criteria(
            page_types=("eventpage",), window="this_week", limit=value.get("max_items") or 6
        )
        context.update(results_context(criteria, value.get("display"), context))
        context["events_url"] = _url(_in_language(EventIndexPage).first(), context)
        return context


class FindCourseBlock(blocks.StructBlock):
    """A small search form sending to the list of courses with its filters."""

    heading = blocks.CharBlock(
        label=_("Heading"), required=False, help_text=_("Empty: “Find a course”.")
    )

    class Meta:
        icon = "search"
        label = _("Find a course")
        template = "home/blocks/find_course.html"

    def get_context(self, value, parent_context=None):
        from core.filters import localized_choices
        from core.models import Municipality
        from courses.models import CourseIndexPage, CoursePage

        context = super().get_context(value, parent_context=parent_context)
        context["courses_url"] = _url(_in_language(CourseIndexPage).first(), context)
        context["levels"] = CoursePage.Level.choices
        context["municipalities"] = localized_choices(Municipality)
        return context


class TopicsBlock(blocks.StructBlock):
    """Every topic with how many services it has, linking to its topic page."""

    heading = blocks.CharBlock(
        label=_("Heading"), required=False, help_text=_("Empty: “Services by topic”.")
    )

    class Meta:
        icon = "tag"
        label = _("Services by topic")
        template = "home/blocks/topics.html"

    def get_context(self, value, parent_context=None):
        from core.models import Topic
        from listings.models import TopicIndexPage
        from services.models import ServicePage

        context = super().get_context(value, parent_context=parent_context)
        links = ServicePage.topics.through.objects.filter(
            servicepage__live=True, servicepage__locale__language_code=c.SOURCE_LANGUAGE
        )
        counts = dict(
            links.values_list("topic_id").annotate(count=Count("servicepage", distinct=True))
        )
        topics_url = _url(_in_language(TopicIndexPage).first(), context)
        context["topics"] = [
            {
                "topic": topic,
                "count": counts.get(topic.pk, 0),
                "url": f"{topics_url}{topic.slug}/" if topics_url else "",
            }
            for topic in Topic.objects.filter(locale__language_code=c.SOURCE_LANGUAGE)
        ]
        # In the alphabetical order of the visitor's language.
        context["topics"].sort(key=lambda entry: localized_name(entry["topic"]).casefold())
        return context


class MapTeaserBlock(blocks.StructBlock):
    """An invitation to the map of associations, with how many there are."""

    heading = blocks.CharBlock(
        label=_("Heading"), required=False, help_text=_("Empty: “Associations near you”.")
    )
    text = blocks.TextBlock(label=_("Text"), required=False)

    class Meta:
        icon = "site"
        label = _("Associations map")
        template = "home/blocks/map_teaser.html"

    def get_context(self, value, parent_context=None):
        from associations.models import AssociationIndexPage, AssociationPage

        context = super().get_context(value, parent_context=parent_context)
        context["associations_count"] = _in_language(AssociationPage).count()
        context["associations_url"] = _url(_in_language(AssociationIndexPage).first(), context)
        return context


class InformationDesksBlock(blocks.StructBlock):
    """Chosen services where people are received in person (help desks, one-stop shops)."""

    heading = blocks.CharBlock(
        label=_("Heading"), required=False, help_text=_("Empty: “Information desks”.")
    )
    desks = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="services.ServicePage"), label=_("Desks")
    )

    class Meta:
        icon = "help"
        label = _("Information desks")
        template = "home/blocks/information_desks.html"

    def get_context(self, value, parent_context=None):
        from services.models import ServiceIndexPage, ServicePage

        context = super().get_context(value, parent_context=parent_context)
        keys = [page.translation_key for page in value.get("desks") or [] if page is not None]
        found = {
            page.translation_key: page
            for page in _in_language(ServicePage)
            .filter(translation_key__in=keys)
            .select_related("municipality", "locale")
        }
        context["results"] = [found[key] for key in keys if key in found]
        context["services_url"] = _url(_in_language(ServiceIndexPage).first(), context)
        return context


CONTENT_BLOCKS = BASIC_BLOCKS + [("listing", ListingBlock())]

HOME_BLOCKS = CONTENT_BLOCKS + [
    ("whats_on", WhatsOnBlock()),
    ("find_course", FindCourseBlock()),
    ("topics", TopicsBlock()),
    ("map_teaser", MapTeaserBlock()),
    ("information_desks", InformationDesksBlock()),
]
