"""A row of the protocol's tariffs table: typed, so that amounts stay numbers in every language
and only the words are translated."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class TariffBlock(blocks.StructBlock):
    service = blocks.CharBlock(label=_("Service"), max_length=200)
    unit = blocks.CharBlock(label=_("Unit"), max_length=100, help_text=_("e.g. per hour"))
    amount = blocks.DecimalBlock(label=_("Amount (euro)"), min_value=0, decimal_places=2)
    notes = blocks.CharBlock(label=_("Notes"), required=False, max_length=255)

    class Meta:
        icon = "table"
        label = _("Tariff")
