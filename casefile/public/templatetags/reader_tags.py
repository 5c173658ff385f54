"""How a reader reads a fact: footnote marks and notes (``casefile.public.footnotes``), quoted passages, labels."""

from django import template
from django.utils.formats import date_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from casefile.core.bilingual import original
from casefile.public.footnotes import Footnotes
from casefile.public.highlight import highlight
from casefile.public.passages import fact_label
from casefile.public.quotes import excerpt, quoted
from casefile.public.templatetags.public_tags import digits, list_sep
from casefile.public.timeline import held_at as position_held_at
from casefile.sources.corroboration import independent_sources

register = template.Library()


def page_footnotes(context):
    """The notes of the page being rendered: one set per request, shared by every included template."""
    request = context.get("request")
    if request is None:
        return Footnotes("")
    if not hasattr(request, "footnotes"):
        request.footnotes = Footnotes(request.path)
    return request.footnotes


# Marks and notes are written here rather than in templates: a page can carry hundreds of them (an
# official's page, 50 notes and their marks), and the template engine took 15 ms to render those.
# The HTML is what ``public/_note_marks.html`` and ``public/_footnotes.html`` wrote; translations
# are inserted as the template tags insert them (the translated text as it is, values escaped), and
# each piece ends with a new line, as the templates' files did.


def _translated(message, plural=None, n=None, **values):
    """``message`` translated, with ``values`` escaped into it, as ``{% translate %}`` and ``{% blocktranslate %}``
    insert it (``plural`` and ``n``: as ``{% blocktranslate count %}``)."""
    text = _(message) if plural is None else ngettext(message, plural, n)
    if values:
        text %= {name: escape(value) for name, value in values.items()}
    return mark_safe(text)  # noqa: S308 - the project's own translations (its .po files); the values escaped


@register.simple_tag(takes_context=True)
def note_marks(context, citations, corroboration=True):
    """Numbered marks for a statement's public citations (prefetched), with how many independent sources they are."""
    cited = list(citations.all()) if hasattr(citations, "all") else list(citations)
    marks = page_footnotes(context).marks(cited)
    if not marks:
        return format_html(
            ' <span class="note-refs note-refs--none">{}</span>\n',
            _translated("No published passage supports this yet."),
        )
    passage = _translated("passage")
    shown = format_html_join(
        "",
        '<sup class="note-ref"><a id="{}" href="{}" title="{}"><span class="visually-hidden">{} </span>{}</a></sup>',
        ((mark.anchor, mark.url, mark.note.citation.source.title, passage, digits(mark.note.number)) for mark in marks),
    )
    independent = independent_sources(cited) if corroboration else None
    if independent:
        according = _translated(
            "According to %(shown)s independent source (sources from one publisher count once)",
            "According to %(shown)s independent sources (sources from one publisher count once)",
            n=independent,
            shown=digits(independent),
            count=independent,
        )
        shown = format_html('{} <span class="corroboration">{}</span>', shown, according)
    return format_html('<span class="note-refs">{}</span>\n', shown)


@register.simple_tag(takes_context=True)
def footnotes(context):
    """The page's notes, each passage quoted once, in the order of their first mark."""
    notes = page_footnotes(context).notes
    if not notes:
        return "\n"
    memo = {}
    return format_html(
        '<section class="notes" aria-labelledby="notes-title"><h2 id="notes-title">{}</h2>\n<p class="meta">{}</p>\n'
        '<ol class="notes__list">{}</ol></section>\n',
        _translated("Notes"),
        _translated(
            "Each note quotes a passage once, however many statements on this page it supports; its link opens "
            "the passage, highlighted, in the archived text of the source."
        ),
        format_html_join("", "{}", ((_note(note, memo),) for note in notes)),
    )


def _once(memo, key, make, *args):
    """``make(*args)``, made once per ``key`` in ``memo``: what many parts of a page share."""
    if key not in memo:
        memo[key] = make(*args)
    return memo[key]


def _note(note, memo):
    """One note. ``memo``: what the page's notes share (the fixed phrases, each source's date, each
    capture's), worked out once for all of them."""
    citation, source = note.citation, note.citation.source

    def once(key, make, *args):
        return _once(memo, key, make, *args)

    backlinks = note.backlinks
    several = len(backlinks) > 1
    back = format_html_join(
        "",
        '<a href="#{}" aria-label="{}{}">↑{}</a> ',
        (
            (
                anchor,
                _translated("Back to mark %(number)s", number=digits(note.number)),
                f" {letter}" if several else "",
                letter if several else "",
            )
            for anchor, letter in backlinks
        ),
    )
    translation = ""
    if citation.quote_translation_fa:
        translation = format_html(
            '\n<p class="citation__translation"><span class="badge badge--translation">{}</span> <span lang="fa" dir="rtl">{}</span></p>',
            once("translation", _translated, "Casefile's translation, not the source's words:"),
            citation.quote_translation_fa,
        )
    where = [format_html("<cite><bdi>{}</bdi></cite>", source.title)]
    if source.published_on:
        where.append(once(("published", source.pk), lambda: source.published_on_display))
    if citation.page:
        where.append(_translated("p. %(page)s", page=citation.page))
    if citation.locator:
        where.append(citation.locator)
    if citation.needs_editor:
        badge = format_html(
            ' <span class="badge badge--warning">{}</span>',
            once(
                "checking",
                _translated,
                "this passage is no longer in the newest capture of the source; editors are checking it",
            ),
        )
    elif not citation.verified:
        badge = format_html(
            ' <span class="badge badge--warning">{}</span>',
            once("unverified", _translated, "passage not yet verified in the archived text"),
        )
    elif citation.anchor_status == "moved":
        badge = format_html(
            ' <span class="badge">{}</span>',
            once("moved", _translated, "re-anchored: the passage moved in a newer capture"),
        )
    else:
        badge = ""
    capture = ""
    if citation.capture:
        capture = once(("capture", citation.capture.pk), _capture_line, citation.capture)
    return format_html(
        '<li class="note" id="{}" value="{}">\n<span class="note__back">{}</span>\n'
        '<blockquote lang="{}" dir="auto">{}</blockquote>{}\n<p class="note__source">{}{}\n'
        '<a class="note__link" href="{}">{}</a>{}</p>\n</li>',
        note.anchor,
        note.number,
        back,
        source.language,
        citation.quote,
        translation,
        format_html_join(list_sep(), "{}", ((part,) for part in where)),
        badge,
        note.url,
        once(
            ("link", citation.verified),
            _translated,
            "Read the passage in the source" if citation.verified else "Open the source",
        ),
        capture,
    )


def _capture_line(capture):
    when = date_format(template_localtime(capture.captured_at), "j F Y")
    return format_html(
        '<br><small class="citation__capture">{}</small>',
        _translated("Capture of %(when)s, SHA-256 %(hash)s…", when=when, hash=capture.short_hash),
    )


@register.filter(name="quoted")
def quoted_filter(text):
    """A passage shown inline, in the reader's quotation marks (``casefile.public.quotes``)."""
    return quoted(text)


@register.filter(name="fact_label")
def fact_label_filter(fact):
    """A fact as a link names it, in whole words."""
    return fact_label(fact)


@register.filter
def place_beside(place, sites):
    """``place`` as written, or "" where it only repeats the name of a site shown beside it ("Evin Prison · Evin Prison")."""
    if sites is None or sites == "":
        sites = []
    elif hasattr(sites, "name"):  # one site
        sites = [sites]
    names = {name.casefold().strip() for site in sites for name in (site.name, getattr(site, "name_fa", "")) if name}
    return "" if place.casefold().strip() in names else place


@register.filter
def held_at(positions, event):
    """The posts (prefetched) held at ``event``'s date: none that began later, none undated (``timeline.held_at``)."""
    return [position for position in positions if position_held_at(position, event)]


@register.filter(name="excerpt")
def excerpt_filter(text, words):
    """The first words of a quoted text, with its quotation marks balanced (``casefile.public.quotes.excerpt``)."""
    return excerpt(text, int(words))


# The registry's rows are written here too: a page of 50 victims took the template engine about a
# third of the page's time (an include, five lookups and two links a row). The HTML is what the row
# of ``public/victim_list.html`` wrote, byte for byte; a person's name is written by ``person_name``
# alone, which ``public/_person_name.html`` calls for every other page.


@register.simple_tag(takes_context=True)
def person_name(context, person):
    """A person's name with the words the page's search (``query``) matched marked."""
    return _person_name(person, context.get("query") or "")


def _person_name(person, query=""):
    """The name as the sources give it, in Latin, then in Persian script."""
    latin = highlight(original(person, "name"), query)
    if not person.name_fa:
        return format_html("<bdi>{}</bdi>\n", latin)
    return format_html('<bdi>{}</bdi> <span lang="fa" dir="rtl">{}</span>\n', latin, highlight(person.name_fa, query))


def _site_cell(label, site):
    if site is None:
        return format_html('<td data-label="{}">—</td>', label)
    return format_html(
        '<td data-label="{}"><a href="{}"><bdi>{}</bdi></a></td>', label, site.get_absolute_url(), site.name
    )


@register.simple_tag(takes_context=True)
def registry_rows(context, victims):
    """The rows of the victims registry: name, fate, date of death, prison and place of burial, each labelled.

    What rows share is written once a page: a fate's name, a date of death (most are a month of
    1988), a site's cell (150 sites among 50 rows twice).
    """
    query = context.get("query") or ""
    fate, death, prison, burial = _("Fate"), _("Date of death"), _("Prison"), _("Place of burial")
    memo = {}

    def row(victim):
        died = (victim.death_date, victim.death_date_precision, victim.death_date_approximate)
        return (
            victim.get_absolute_url(),
            _person_name(victim.person, query),
            fate,
            _once(memo, ("fate", victim.fate), victim.get_fate_display),
            death,
            _once(memo, ("death", *died), lambda: victim.partial_date_display("death_date") or "—"),
            _once(memo, ("prison", victim.prison_id), _site_cell, prison, victim.prison),
            _once(memo, ("burial", victim.burial_site_id), _site_cell, burial, victim.burial_site),
        )

    return format_html_join(
        "",
        '<tr>\n<th scope="row"><a href="{}">{}</a></th>\n<td data-label="{}">{}</td>\n'
        '<td data-label="{}">{}</td>\n{}\n{}\n</tr>',
        (row(victim) for victim in victims),
    )
