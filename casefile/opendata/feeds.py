"""An Atom feed of records newly published, and of records withdrawn from public view (saying only that)."""

import heapq

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from casefile import selectors
from casefile.cases.models import Case
from casefile.events.models import Event, Testimony
from casefile.figures.models import Figure
from casefile.people.models import Organisation, Person, Victim
from casefile.places.models import Site
from casefile.sources.models import Source

ENTRIES = 50
MODELS = [Case, Source, Person, Organisation, Victim, Event, Testimony, Site, Figure]


class Withdrawal:
    """A feed entry that says a record was withdrawn, and when: nothing about the record itself."""

    def __init__(self, record):
        self.when = record.reviewed_at
        self.guid = salted_hmac("casefile.feed.withdrawal", f"{record._meta.label}:{record.pk}:{self.when}").hexdigest()


def published_records():
    for model in MODELS:
        queryset = selectors.public(model).exclude(reviewed_at__isnull=True).order_by("-reviewed_at")[:ENTRIES]
        if model is Testimony:
            queryset = selectors.with_public_speaker(queryset)
        yield from queryset


def withdrawals():
    for model in MODELS:
        yield from (Withdrawal(r) for r in selectors.withdrawn_from_public(model).order_by("-reviewed_at")[:ENTRIES])


class ChangesFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Casefile: newly published and withdrawn records")

    def subtitle(self):
        return _("Records as they are published after review, and notices of records withdrawn from public view.")

    def link(self):
        return reverse("public:home")

    def items(self):
        entries = [*published_records(), *withdrawals()]
        return heapq.nlargest(ENTRIES, entries, key=self._when)

    @staticmethod
    def _when(item):
        return item.when if isinstance(item, Withdrawal) else item.reviewed_at

    def item_title(self, item):
        if isinstance(item, Withdrawal):
            return _("A record was withdrawn from public view")
        label = getattr(item, "title", None) or getattr(item, "name", None) or str(item)
        return f"{item._meta.verbose_name.capitalize()}: {label}"

    def item_description(self, item):
        if isinstance(item, Withdrawal):
            return _("A record was withdrawn from public view.")
        return getattr(item, "description", "") or getattr(item, "summary", "") or ""

    def item_link(self, item):
        if isinstance(item, Withdrawal):
            return f"{reverse('opendata:feed')}#withdrawn-{item.guid[:16]}"
        return item.get_absolute_url()

    def item_guid(self, item):
        if isinstance(item, Withdrawal):
            return f"urn:casefile:withdrawn:{item.guid}"
        return None

    def item_updateddate(self, item):
        return self._when(item)

    def item_pubdate(self, item):
        return self._when(item)

    def feed_copyright(self):
        return settings.DATA_LICENSE_TITLE
