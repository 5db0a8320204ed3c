from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .text import TEXT_FEATURES


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step"))
    text = blocks.RichTextBlock(label=_("Details"), features=TEXT_FEATURES, required=False)


class StepsBlock(blocks.StructBlock):
    """A numbered procedure: what to do, in order."""

    heading = blocks.CharBlock(label=_("Heading"), required=False)
    steps = blocks.ListBlock(StepBlock(), label=_("Steps"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Steps")
        template = "blocks/steps.html"
