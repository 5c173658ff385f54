"""``sitemap.xml``: every public page, in both languages, with ``hreflang`` alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from casefile import selectors


class RecordSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 5000

    def __init__(self, records):
        self.records = records
        super().__init__()

    def items(self):
        return self.records().order_by("pk")

    def lastmod(self, record):
        return record.updated_at


class ListSitemap(Sitemap):
    """The home page, the lists and the data page."""

    i18n = True
    alternates = True
    x_default = True
    names = [
        "public:home",
        "public:event_list",
        "public:official_list",
        "public:person_list",
        "public:organisation_list",
        "public:testimony_list",
        "public:site_list",
        "public:victim_list",
        "public:figure_list",
        "public:source_list",
        "opendata:data",
    ]

    def items(self):
        return self.names

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": ListSitemap,
    "cases": RecordSitemap(selectors.cases),
    "sources": RecordSitemap(lambda: selectors.sources().only("pk", "slug", "updated_at")),
    "people": RecordSitemap(lambda: selectors.people().only("pk", "slug", "updated_at")),
    "organisations": RecordSitemap(selectors.organisations),
    "victims": RecordSitemap(lambda: selectors.victims().only("pk", "updated_at")),
    "events": RecordSitemap(selectors.events),
    "testimonies": RecordSitemap(selectors.testimonies),
    "sites": RecordSitemap(selectors.sites),
    "figures": RecordSitemap(selectors.figures),
}
