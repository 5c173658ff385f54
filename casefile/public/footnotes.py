"""Footnotes of one page, as reference works set them.

Each statement is followed by numbered marks; the notes at the end of the page give the quoted
passage, its source and date, and a link to the passage in the source's archived text. A passage
cited by several statements of one page is one note, quoted once and referenced by its number.

Every link to a passage carries where it was followed from (``from``: this page and the mark's or
the note's anchor) and which passage it is (``passage``), so that the source page can name the
facts the passage supports and link back, server-rendered.
"""

from dataclasses import dataclass, field
from string import ascii_lowercase
from urllib.parse import urlencode

from django.utils.http import url_has_allowed_host_and_scheme


def passage_url(citation, back=""):
    """The address of ``citation``'s passage on its source page, saying where the reader came from."""
    url = citation.source.get_absolute_url()
    if not citation.verified:
        return url
    query = {"passage": f"{citation.start}-{citation.end}"}
    if back:
        query["from"] = back
    return f"{url}?{urlencode(query)}#{citation.anchor}"


@dataclass
class Note:
    number: int
    citation: object
    page_path: str
    refs: list = field(default_factory=list)

    @property
    def anchor(self):
        return f"note-{self.number}"

    @property
    def url(self):
        """The passage, followed from this note."""
        return passage_url(self.citation, f"{self.page_path}#{self.anchor}")

    @property
    def backlinks(self):
        """(anchor, letter) of each mark that refers to this note: a, b, c … (numbers past z)."""
        return [
            (ref, ascii_lowercase[i] if i < len(ascii_lowercase) else str(i + 1)) for i, ref in enumerate(self.refs)
        ]


@dataclass
class Mark:
    note: Note
    anchor: str

    @property
    def url(self):
        """The passage, followed from this mark."""
        return passage_url(self.note.citation, f"{self.note.page_path}#{self.anchor}")


class Footnotes:
    """The notes of one page, numbered in the order their first mark appears."""

    def __init__(self, page_path):
        self.page_path = page_path
        self.notes = []
        self._by_passage = {}

    @staticmethod
    def key(citation):
        # One passage of one source is one note, however many facts cite it.
        return (citation.source_id, citation.anchor if citation.verified else citation.quote.strip())

    def marks(self, citations):
        """A mark for each distinct passage of ``citations`` (a fact's public citations), noted once per page."""
        marks, seen = [], set()
        for citation in citations:
            key = self.key(citation)
            if key in seen:
                continue
            seen.add(key)
            note = self._by_passage.get(key)
            if note is None:
                note = Note(len(self.notes) + 1, citation, self.page_path)
                self.notes.append(note)
                self._by_passage[key] = note
            anchor = f"ref-{note.number}-{len(note.refs) + 1}"
            note.refs.append(anchor)
            marks.append(Mark(note, anchor))
        return marks


def came_from(request):
    """The local address the reader followed a passage link from (``?from=``), or "" if it is not one of ours."""
    back = request.GET.get("from", "")
    if (
        not back.startswith("/")
        or back.startswith("//")
        or len(back) > 500
        or any(c in back for c in "\\\r\n\t")
        or not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
    ):
        return ""
    return back


def requested_passage(request):
    """(start, end) of the passage named by ``?passage=START-END``, or None."""
    start, _sep, end = request.GET.get("passage", "").partition("-")
    if not (start.isascii() and start.isdigit() and end.isascii() and end.isdigit()):
        return None
    return int(start), int(end)
