import json

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import reverse, translate_url
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from casefile.opendata import linked_data
from casefile.people.models import Person
from casefile.sources.models import Source

register = template.Library()


@register.inclusion_tag("opendata/_downloads.html", takes_context=True)
def download_links(context, name):
    """Links to this list as CSV and JSON, with the filters the reader chose (not the page number)."""
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    query_string = f"?{query.urlencode()}" if query else ""
    return {
        "csv_url": reverse("opendata:download", kwargs={"name": name, "extension": "csv"}) + query_string,
        "json_url": reverse("opendata:download", kwargs={"name": name, "extension": "json"}) + query_string,
        "data_url": reverse("opendata:data"),
    }


def _script_json(data):
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@register.inclusion_tag("opendata/_page_meta.html", takes_context=True)
def page_meta(context):
    """What every page tells search engines: its canonical address, its other language, the feed, the icon."""
    request = context["request"]
    try:
        request.get_host()
    except DisallowedHost:
        return {}  # the error page of a request for another host: no address of it is repeated
    languages = [
        {"code": code, "url": request.build_absolute_uri(translate_url(request.path, code))}
        for code, _name in settings.LANGUAGES
    ]
    return {
        "canonical": request.build_absolute_uri(request.path),
        "languages": languages,
        "x_default": request.build_absolute_uri(translate_url(request.path, settings.LANGUAGE_CODE)),
    }


@register.inclusion_tag("opendata/_record_meta.html", takes_context=True)
def record_meta(context, record, description=""):
    """A record's page: its description, Open Graph title and schema.org JSON-LD."""
    data = linked_data.json_ld(record, context["request"])
    text = description or (data or {}).get("description", "") or str(record)
    return {
        "title": str(record),
        "description": Truncator(" ".join(str(text).split())).chars(200),
        "json_ld": mark_safe(_script_json(data)) if data else "",  # noqa: S308 - escaped by _script_json
        "og_type": "article" if isinstance(record, Source) else "profile" if isinstance(record, Person) else "website",
    }


@register.inclusion_tag("opendata/_cite_this.html", takes_context=True)
def cite_this(context, record):
    """ "Cite this page": title, site, date of this version, permanent link (and BibTeX / CSL-JSON for a source)."""
    request = context["request"]
    links = {}
    if isinstance(record, Source):
        links = {
            "bibtex": reverse("opendata:source_bibtex", kwargs={"slug": record.slug}),
            "csl": reverse("opendata:source_csl", kwargs={"slug": record.slug}),
        }
    return {
        "title": str(record),
        "version": record.updated_at,
        "permalink": request.build_absolute_uri(record.get_absolute_url().split("#")[0]),
        **links,
    }
