"""Counting what residents search for without keeping anything that identifies them.

`record()` adds one search to today's row for its language and normalised text: lower case,
one space between words, e-mail addresses, phone numbers, Italian tax codes and any run of 5
or more digits replaced by placeholders, at most 100 characters. Nothing about the visitor
(address, user, session, time of day) is stored."""

import logging
import re
import unicodedata

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .engine import FACETS
from .models import SearchQueryLog

logger = logging.getLogger(__name__)

MAX_LENGTH = SearchQueryLog._meta.get_field("query").max_length

EMAIL = re.compile(r"[^\s@]+@[^\s@]+")
# At least 8 digits, with spaces, dots, dashes, slashes or brackets between them, and an
# optional + or 00 in front: Italian landlines and mobiles, and foreign numbers.
PHONE = re.compile(r"(?:\+|\b00)?\(?\d(?:[\s().\-/]{0,2}\d){7,}")
# The Italian tax code (codice fiscale) identifies a person on its own.
TAX_CODE = re.compile(r"\b[a-z]{6}\d{2}[a-z]\d{2}[a-z]\d{3}[a-z]\b")
DIGITS = re.compile(r"\d{5,}")

PLACEHOLDERS = (
    (EMAIL, "[email]"),
    (PHONE, "[phone]"),
    (TAX_CODE, "[id]"),
    (DIGITS, "[number]"),
)


def normalise(text):
    """The text of a search as it is stored: nothing that identifies a person."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    text = text.lower()
    for pattern, placeholder in PLACEHOLDERS:
        text = pattern.sub(placeholder, text)
    text = re.sub(r"\s+", " ", text).strip()
    return text[:MAX_LENGTH].strip()


def record(query, lang, total):
    """Count one search for `query` in `lang` today; `total` is how many results it found.

    Safe when two requests count the same query at once, and never breaks a search: a
    database error is logged and ignored."""
    text = normalise(query)
    if not text or not lang:
        return
    key = {"day": timezone.localdate(), "lang": lang[:10], "query": text}
    zero = 1 if not total else 0
    try:
        with transaction.atomic():
            if _increment(key, zero):
                return
            try:
                with transaction.atomic():
                    SearchQueryLog.objects.create(**key, searches=1, zero_results=zero)
            except IntegrityError:  # another request created the row in the meantime
                _increment(key, zero)
    except DatabaseError as error:
        logger.warning("Could not count a search (%s)", error)


def _increment(key, zero):
    return SearchQueryLog.objects.filter(**key).update(
        searches=F("searches") + 1, zero_results=F("zero_results") + zero
    )


def count_search(response, params):
    """Count a new search (a SearchResponse for the GET `params`), not the next pages or the
    facet choices of one already counted."""
    refined = any((params.get(name) or "").strip() for name in FACETS)
    if response.query and response.page == 1 and not refined:
        record(response.query, response.lang, response.total)
