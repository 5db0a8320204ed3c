"""StreamField blocks, one per module; each page type picks its list from here."""

from .checklist import ChecklistBlock
from .contacts import ContactBlock
from .documents import DocumentsBlock
from .faq import FaqBlock
from .opening_hours import OpeningHoursBlock
from .steps import StepsBlock
from .text import HeadingBlock, TextBlock

BASIC_BLOCKS = [
    ("heading", HeadingBlock()),
    ("text", TextBlock()),
    ("faq", FaqBlock()),
    ("documents", DocumentsBlock()),
]

SERVICE_BLOCKS = [
    ("heading", HeadingBlock()),
    ("text", TextBlock()),
    ("steps", StepsBlock()),
    ("checklist", ChecklistBlock()),
    ("opening_hours", OpeningHoursBlock()),
    ("contact", ContactBlock()),
    ("faq", FaqBlock()),
    ("documents", DocumentsBlock()),
]

__all__ = ["BASIC_BLOCKS", "SERVICE_BLOCKS"]
