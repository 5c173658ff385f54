"""The text that citations anchor to, extracted from an archived file by well-kept libraries.

A PDF is read with pypdf, page by page: its text is the pages' texts joined by a blank line, and
``page_starts`` holds the offset at which each page begins, so that a citation knows its page.
A PDF is also written again from its pages alone, without its document information (``/Author``,
``/Creator`` …) or XMP metadata. An HTML page's main text (not its menus, headers or footers)
is found with jusText; where jusText keeps nothing, the whole readable text is taken.
"""

import bisect
import io
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logging.getLogger("pypdf").setLevel(logging.ERROR)

PAGE_SEPARATOR = "\n\n"
# jusText's stop-word lists, by the source's language code.
STOPLISTS = {"en": "English", "fa": "Persian", "ar": "Arabic", "fr": "French", "de": "German", "es": "Spanish"}


@dataclass
class Extracted:
    text: str
    page_starts: list = field(default_factory=list)


def page_of(page_starts, offset):
    """The 1-based page on which ``offset`` stands, or None for a text without pages."""
    if not page_starts or offset is None:
        return None
    return bisect.bisect_right(page_starts, offset)


def _not_a_pdf():
    return ValidationError(
        _(
            "The file's name says PDF, but its content is not a PDF that can be read throughout. Upload the file itself."
        ),
        code="file_content",
    )


def pdf(data):
    """``(cleaned bytes, Extracted)`` of a PDF; raises ``ValidationError`` if any part cannot be read."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(_("This PDF is encrypted. Upload a copy without a password."), code="file_content")
        texts, page_starts, offset = [], [], 0
        writer = PdfWriter()
        for page in reader.pages:
            text = (page.extract_text() or "").replace("\r\n", "\n").replace("\r", "\n").strip()
            page_starts.append(offset)
            texts.append(text)
            offset += len(text) + len(PAGE_SEPARATOR)
            added = writer.add_page(page)
            for key in ("/Metadata", "/PieceInfo"):
                added.pop(key, None)
        if not page_starts:
            raise _not_a_pdf()
        writer.metadata = None
        output = io.BytesIO()
        writer.write(output)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError, OSError):
        raise _not_a_pdf() from None
    text = PAGE_SEPARATOR.join(texts)
    if not text.strip():
        return output.getvalue(), Extracted("", [])
    return output.getvalue(), Extracted(text, page_starts)


def html_main_text(html, language="en"):
    """The main text of an HTML page, one paragraph a line-pair; boilerplate (menus, footers) left out."""
    import justext

    from .uploads import html_to_text

    stoplist = justext.get_stoplist(STOPLISTS.get((language or "en")[:2], "English"))
    try:
        paragraphs = justext.justext(html.encode("utf-8"), stoplist, encoding="utf-8")
    except Exception:  # noqa: BLE001 - jusText raises lxml's parser errors on odd pages: fall back below
        paragraphs = []
    kept = [" ".join(p.text.split()) for p in paragraphs if not p.is_boilerplate]
    kept = [p for p in kept if p]
    return "\n\n".join(kept) if kept else html_to_text(html)
