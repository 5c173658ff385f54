from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse, translate_url
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from casefile.core.bilingual import in_reader_language, original
from casefile.core.dates import is_persian
from casefile.core.jalali import persian_digits
from casefile.public import highlight as highlighting

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
    """The Persian version of ``field`` (``field_fa``) on Persian pages where there is one (titles, unmarked)."""
    return in_reader_language(obj, field).value


@register.filter
def partial_date(obj, field):
    """``obj``'s partial date ``field`` as a reader writes it: "July 1988", never an invented day."""
    return obj.partial_date_display(field)


@register.simple_tag
def text(obj, field, paragraphs=False, query=""):
    """``obj``'s text ``field`` in the reader's language; on Persian pages, English only where no Persian exists, marked.

    With ``query`` (a search's), the words it matched are marked (one-line texts only).

    The English original stands in for a missing translation in its own language and direction,
    with a note saying so; it is never presented as Persian.
    """
    shown = in_reader_language(obj, field)
    if not shown.value:
        return ""
    if paragraphs:
        body = linebreaks_filter(shown.value)
    else:
        body = highlighting.highlight(shown.value, query) if query else conditional_escape(shown.value)
    tag = "div" if paragraphs else "span"
    if shown.fallback:
        return format_html(
            '<{tag} lang="en" dir="ltr" class="fallback">{body}</{tag}> <span class="badge badge--fallback">{note}</span>',
            tag=tag,
            body=body,
            note=_("in English only: not yet translated"),
        )
    direction = "rtl" if shown.language == "fa" else "ltr"
    return format_html(
        '<{tag} lang="{lang}" dir="{dir}">{body}</{tag}>', tag=tag, lang=shown.language, dir=direction, body=body
    )


@register.filter
def display_name(record):
    """A name in the reader's script: the Persian-script name on Persian pages where there is one."""
    if is_persian() and getattr(record, "name_fa", ""):
        return record.name_fa
    return original(record, "name")


@register.filter
def other_script_name(record):
    """The name in the script the heading does not use, shown under it (or "")."""
    if not getattr(record, "name_fa", ""):
        return ""
    return original(record, "name") if is_persian() else record.name_fa


@register.filter
def english(record, field):
    """``record``'s text ``field`` in English, the original, whatever the page's language (``record.x`` follows it)."""
    return original(record, field)


@register.simple_tag
def list_sep():
    """The separator of a list of names: the Persian comma on Persian pages."""
    return "، " if is_persian() else ", "


@register.filter
def digits(value):
    """Numbers in Persian digits on Persian pages."""
    return persian_digits(value) if is_persian() else value


@register.filter
def language_label(code):
    """A language code ("en") as its name in the reader's language ("انگلیسی" on Persian pages)."""
    try:
        return _(get_language_info(code)["name"])
    except KeyError:
        return code


@register.simple_tag(takes_context=True)
def marked(context, text):
    """``text`` with the words the page's search (``query``) matched in ``<mark>``; only escaped where none."""
    return highlighting.highlight(text, context.get("query") or "")


@register.simple_tag
def excerpt(text, query):
    """The place a long text matched ``query``, a line or two, with the matched words marked."""
    return highlighting.excerpt(text, query)
