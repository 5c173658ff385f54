from django import template
from django.urls import reverse

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
