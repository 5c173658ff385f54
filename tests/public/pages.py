"""Every public page type, as (name, function of the demo case giving its URL)."""

from django.urls import reverse


def page_urls(d):
    return {
        "home": reverse("public:home"),
        "case": d.case.get_absolute_url(),
        "timeline": reverse("public:event_list"),
        "event": d.events["paris"].get_absolute_url(),
        "officials": reverse("public:official_list"),
        "people": reverse("public:person_list"),
        "official": d.people["pourmohammadi"].get_absolute_url(),
        "person": d.people["boumedra"].get_absolute_url(),
        "testimonies": reverse("public:testimony_list"),
        "testimony": d.testimonies["pseudonymous"].get_absolute_url(),
        "organisations": reverse("public:organisation_list"),
        "organisation": d.organisations["ministry"].get_absolute_url(),
        "sites": reverse("public:site_list"),
        "site": d.sites["graves"].get_absolute_url(),
        "victims": reverse("public:victim_list"),
        "victim": d.victims[0].get_absolute_url(),
        "figures": reverse("public:figure_list"),
        "figure": d.figures["30000"].get_absolute_url(),
        "sources": reverse("public:source_list"),
        "source": d.sources["paris"].get_absolute_url(),
        "search": reverse("public:search") + "?q=Pourmohammadi",
        "search-nothing-found": reverse("public:search") + "?q=Avaeix",
        "data": reverse("opendata:data"),
    }
