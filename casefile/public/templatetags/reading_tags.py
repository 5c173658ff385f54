"""Tags for reading and printing a page (issue 13)."""

from django import template
from django.core.exceptions import DisallowedHost

register = template.Library()


@register.simple_tag(takes_context=True)
def permanent_address(context):
    """The full address of the page: of its record where it shows one, else of the request.

    Only on the pages of the site's views: an error page names no address (a 404 must not repeat
    the address of a record that is not public), and fails for no ``Host``.
    """
    request = context.get("request")
    if request is None or context.get("view") is None:
        return ""
    record = context.get("object")
    path = record.get_absolute_url() if hasattr(record, "get_absolute_url") else request.get_full_path()
    try:
        return request.build_absolute_uri(path)
    except DisallowedHost:
        return ""
