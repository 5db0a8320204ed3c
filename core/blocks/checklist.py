from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class ChecklistBlock(blocks.StructBlock):
    """ "What to bring": documents and things a resident needs at the desk."""

    heading = blocks.CharBlock(label=_("Heading"), required=False)
    items = blocks.ListBlock(blocks.CharBlock(label=_("Item")), label=_("Items"), min_num=1)

    class Meta:
        icon = "tasks"
        label = _("What to bring")
        template = "blocks/checklist.html"
