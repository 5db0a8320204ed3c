from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class OpeningSlotBlock(blocks.StructBlock):
    days = blocks.CharBlock(label=_("Days"), help_text=_("For example: Monday to Friday"))
    hours = blocks.CharBlock(label=_("Hours"), help_text=_("For example: 9:00–12:30"))


class OpeningHoursBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False)
    slots = blocks.ListBlock(OpeningSlotBlock(), label=_("Opening hours"), min_num=1)
    note = blocks.CharBlock(label=_("Note"), required=False)

    class Meta:
        icon = "time"
        label = _("Opening hours")
        template = "blocks/opening_hours.html"
