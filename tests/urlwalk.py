"""The one walk over the URL resolver that the canary, the fuzz tests and the architecture test share."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class PublicPattern:
    name: str | None  # reversible name with its namespace ("public:person_detail"), or None
    route: str  # the route text, with <converter:name> parts
    converters: dict  # {parameter name: converter}
    callback: object  # the view


def public_url_patterns(resolver=None, prefix="", namespace=""):
    """Every URL pattern outside the admin."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.lstrip("^").startswith(settings.ADMIN_PATH.lstrip("/")):
            continue
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin" or entry.app_name == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from public_url_patterns(entry, route, inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            converters = getattr(entry.pattern, "converters", {}) or dict.fromkeys(entry.pattern.regex.groupindex)
            yield PublicPattern(name, route, converters, entry.callback)
