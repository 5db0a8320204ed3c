"""RSS and Atom feeds of a language's upcoming events, filtered like the list that links them."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.templatetags.portal_tags import site_name

from .recurrence import ROME


class EventsRssFeed(Feed):
    feed_type = Rss201rev2Feed
    item_guid_is_permalink = False

    def __call__(self, request, *args, index, **kwargs):
        self.request = request
        return super().__call__(request, *args, index=index, **kwargs)

    def get_object(self, request, index):
        return index

    def title(self, index):
        return f"{index.title} – {site_name()}"

    def subtitle(self, index):
        return index.summary or _("Upcoming events")

    description = subtitle

    def link(self, index):
        return index.get_full_url(self.request)

    def items(self, index):
        filterset, _errors = index.filtered(self.request)
        return index.upcoming_events(filterset)[: index.feed_size]

    def item_title(self, event):
        return event.title

    def item_description(self, event):
        # Lists set `listed`; other feeds built on this one may pass plain events.
        occurrence = getattr(event, "listed", None) or event.next_occurrence()
        lines = []
        if occurrence is not None:
            when = date_format(occurrence.starts.astimezone(ROME), "DATETIME_FORMAT")
            lines.append(_("Next date: %(when)s") % {"when": when})
        if text := event.recurrence_text():
            lines.append(str(text))
        if event.summary:
            lines.append(event.summary)
        return "\n".join(lines)

    def item_link(self, event):
        return event.get_full_url(self.request)

    def item_guid(self, event):
        return event.ical_uid

    def item_pubdate(self, event):
        return event.first_published_at

    def item_updateddate(self, event):
        return event.last_published_at


class EventsAtomFeed(EventsRssFeed):
    feed_type = Atom1Feed
