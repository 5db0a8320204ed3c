"""What residents search for, counted per day and language, without personal data."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchQueryLog(models.Model):
    """One row per day, language and normalised query (search.querylog.normalise): how often
    it was searched and how often it found nothing. No IP address, user, session or time of
    day is stored; rows older than a year are deleted by `prune_search_log`."""

    day = models.DateField(_("day"), db_index=True)
    lang = models.CharField(_("language"), max_length=10)
    query = models.CharField(_("search words"), max_length=100)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    zero_results = models.PositiveIntegerField(_("searches with no results"), default=0)

    class Meta:
        verbose_name = _("search query")
        verbose_name_plural = _("search queries")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "lang", "query"], name="search_querylog_day_lang_query"
            )
        ]

    def __str__(self):
        return f"{self.day} {self.lang} {self.query}"
