from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info

from casefile.public.jalali import format_jalali

register = template.Library()


@register.inclusion_tag("public/_languages.html", takes_context=True)
def language_links(context, home_only=False):
    """Links to this same page in every language of the site; no form, no cookie, no script.

    Error pages link to each language's home page instead: a page that was not found must not
    hand its address back in another language, as if something were there.
    """
    request = context["request"]
    current = get_language()
    query = "" if home_only else request.META.get("QUERY_STRING", "")
    languages = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(reverse("public:home") if home_only else request.path, code)
        info = get_language_info(code)
        languages.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": f"{url}?{query}" if query else url,
                "current": code == current,
            }
        )
    return {"languages": languages}


@register.filter
def localized(obj, field):
    """The Persian version of ``field`` (``field_fa``) on Persian pages where there is one."""
    if get_language() == "fa":
        value = getattr(obj, f"{field}_fa", "")
        if value:
            return value
    return getattr(obj, field)


@register.filter
def partial_date(obj, field):
    """``obj``'s partial date ``field`` as a reader writes it: "July 1988", never an invented day."""
    return obj.partial_date_display(field)


@register.simple_tag
def solar_hijri(obj, field):
    """On Persian pages, ``obj``'s partial date ``field`` in the Solar Hijri calendar too."""
    if get_language() != "fa":
        return ""
    text = format_jalali(
        getattr(obj, field), getattr(obj, f"{field}_precision"), getattr(obj, f"{field}_approximate", False)
    )
    return format_html(' <span class="solar-hijri">({})</span>', text) if text else ""


@register.filter
def independent_sources(citations):
    """The number of independent sources among prefetched public citations (one publisher counts once)."""
    from casefile.sources.corroboration import independent_sources as count

    return count(citations)
