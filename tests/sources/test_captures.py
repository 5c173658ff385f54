"""Captures of a source over time, what each citation becomes in a new one, and the evidence check.

What an investigator sees: every capture kept with its hashes; a citation that moved says so, one
that changed or disappeared is flagged for an editor with the old and new text; a tampered file or
text is reported by `manage.py verify_evidence`, which then fails.
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from casefile.people.models import PersonCitation
from casefile.sources.models import Source, SourceCapture
from casefile.sources.verification import verify_evidence
from tests.conftest import SNAPSHOT
from tests.factories import PersonFactory, SourceFactory
from tests.sources.pdfs import make_pdf

pytestmark = pytest.mark.django_db

MOVED = "a fatwa by Supreme Leader Ayatollah Khomeini"
CHANGED = "The victims were buried in secret mass graves."
DELETED = "prisoners who refused to abandon their beliefs to execution."


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def cite(source, quote):
    return PersonCitation.objects.create(fact=PersonFactory(), source=source, quote=quote)


def new_capture(source, text):
    source = Source.objects.get(pk=source.pk)
    source.snapshot = text
    source.full_clean()
    source.save()
    return source


def run_verify():
    out = io.StringIO()
    try:
        call_command("verify_evidence", stdout=out)
    except CommandError as error:
        return False, out.getvalue() + str(error)
    return True, out.getvalue()


def test_a_source_keeps_every_capture_with_its_hashes(source):
    first = source.latest_capture()
    assert (first.text, first.text_sha256, first.media_type) == (SNAPSHOT, source.snapshot_sha256, "text/plain")
    assert first.size == len(SNAPSHOT.encode())
    source = new_capture(source, SNAPSHOT + "\nA correction was added.")
    assert source.captures.count() == 2
    assert source.latest_capture().text.endswith("A correction was added.")


def test_a_capture_is_never_changed_or_deleted(source):
    capture = source.latest_capture()
    capture.text = "Rewritten."
    with pytest.raises(ValidationError):
        capture.save()
    with pytest.raises(ValidationError):
        capture.delete()
    assert SourceCapture.objects.get(pk=capture.pk).text == SNAPSHOT


def test_a_new_capture_moves_changes_and_deletes_cited_passages(source):
    moved, changed, deleted = cite(source, MOVED), cite(source, CHANGED), cite(source, DELETED)
    first = source.latest_capture()
    new_text = (
        "Editor's note: this article was updated.\n\n"
        "The 1988 massacre took place based on a fatwa by Supreme Leader Ayatollah Khomeini.\n"
        "Three-member \u2018Death Commissions\u2019 were formed across Iran. "
        "The victims were buried in mass graves at Khavaran."
    )
    source = new_capture(source, new_text)
    second = source.latest_capture()
    for citation in (moved, changed, deleted):
        citation.refresh_from_db()

    assert (moved.anchor_status, moved.verified, moved.capture) == ("moved", True, second)
    assert new_text[moved.start : moved.end] == MOVED
    assert moved.get_absolute_url().endswith(f"#passage-{moved.start}-{moved.end}")

    assert (changed.anchor_status, changed.verified, changed.capture) == ("changed", False, first)
    assert changed.quote == CHANGED
    assert changed.found_text == "The victims were buried in mass graves at Khavaran."

    assert (deleted.anchor_status, deleted.verified, deleted.capture) == ("lost", False, first)
    assert first.text[deleted.start : deleted.end] == DELETED  # the earlier capture and anchor stay
    assert moved.history.count() == 2  # the re-anchoring is in the citation's history


def test_the_admin_shows_editors_the_old_and_new_text_of_a_changed_passage(editor_client, source):
    citation = cite(source, CHANGED)
    new_capture(source, SNAPSHOT.replace("secret mass graves", "mass graves at Khavaran"))
    page = editor_client.get(f"/admin/people/person/{citation.fact.pk}/change/").text
    assert "changed in a newer capture" in page
    assert "secret mass graves" in page and "mass graves at Khavaran" in page


def test_a_lost_passage_is_never_shown_to_the_public_as_verified(client, source):
    citation = cite(source, DELETED)
    new_capture(source, "The article now says something else.")
    citation.refresh_from_db()
    person_page = client.get(citation.fact.get_absolute_url()).text
    assert "no longer in the newest capture" in person_page
    assert f"passage-{citation.start}-{citation.end}" not in person_page
    source_page = client.get(source.get_absolute_url()).text
    assert "<mark" not in source_page


def test_a_pdf_citation_knows_its_page():
    pdf = make_pdf(["The first page is an introduction.", "The commission met at Evin prison in July 1988."])
    source = SourceFactory(snapshot="", file=SimpleUploadedFile("report.pdf", pdf))
    capture = source.latest_capture()
    assert capture.media_type == "application/pdf"
    assert capture.page_starts == [0, len("The first page is an introduction.") + 2]
    citation = cite(source, "met at Evin prison")
    assert (citation.page, citation.capture) == (2, capture)


def test_verify_evidence_passes_on_sound_evidence(source):
    cite(source, MOVED)
    ok, output = run_verify()
    assert ok, output
    assert "1 citations verified, 0 re-anchored, 0 broken, 0 tampered" in output
    source.refresh_from_db()
    assert source.evidence_sound and source.evidence_checked_at


def test_the_public_source_page_shows_when_its_evidence_was_last_verified(client, source):
    cite(source, MOVED)
    before = client.get(source.get_absolute_url()).text
    assert "Evidence last checked" not in before
    ok, output = run_verify()
    assert ok, output
    page = client.get(source.get_absolute_url()).text
    assert "Evidence last checked" in page and "Verified on" in page


def test_verify_evidence_reports_a_tampered_capture_file():
    source = SourceFactory(snapshot="", file=SimpleUploadedFile("page.txt", b"The graves were bulldozed in 2005."))
    cite(source, "bulldozed in 2005")
    capture = source.latest_capture()
    with capture.file.storage.open(capture.file.name, "wb") as handle:
        handle.write(b"The graves were kept intact.")
    ok, output = run_verify()
    assert not ok
    assert f"TAMPERED capture {capture.pk}" in output and "stored file no longer has its recorded SHA-256" in output
    capture.refresh_from_db()
    assert capture.intact is False


def test_verify_evidence_reports_a_tampered_stored_text(source):
    cite(source, MOVED)
    SourceCapture.objects.filter(pk=source.latest_capture().pk).update(text=SNAPSHOT.replace("1988", "1989"))
    ok, output = run_verify()
    assert not ok
    assert "stored text no longer has its recorded SHA-256" in output
    assert "TAMPERED capture" in output and "broken" in output


def test_verify_evidence_reports_an_archived_text_changed_behind_its_captures(source):
    Source.objects.filter(pk=source.pk).update(snapshot=SNAPSHOT + " Added later.")
    ok, output = run_verify()
    assert not ok
    assert "TAMPERED archived text" in output
    source.refresh_from_db()
    assert source.evidence_sound is False


def test_verify_evidence_reports_broken_citations(source):
    cite(source, DELETED)
    new_capture(source, "The article now says something else.")
    ok, output = run_verify()
    assert not ok
    assert "0 citations verified, 0 re-anchored, 1 broken" in output


def test_verify_evidence_counts_a_moved_citation_as_re_anchored(source):
    cite(source, MOVED)
    new_capture(source, "A new first line.\n" + SNAPSHOT)
    report = verify_evidence()
    assert (report.verified, report.reanchored, report.broken, report.tampered) == (0, 1, 0, 0)


def test_a_citation_exports_its_w3c_web_annotation_selectors(source):
    citation = cite(source, MOVED)
    quote, position = citation.selectors()
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": MOVED,
        "prefix": SNAPSHOT[max(0, citation.start - 32) : citation.start],
        "suffix": SNAPSHOT[citation.end : citation.end + 32],
    }
    assert position == {"type": "TextPositionSelector", "start": citation.start, "end": citation.end}
    assert SNAPSHOT[position["start"] : position["end"]] == MOVED
