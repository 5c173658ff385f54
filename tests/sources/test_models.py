import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from casefile.people.models import PersonCitation
from casefile.sources.models import Source
from tests.conftest import SNAPSHOT
from tests.factories import PersonFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_snapshot_hash_is_computed_on_save_and_follows_the_text():
    source = SourceFactory(snapshot="Some text.")
    assert source.snapshot_sha256 == hashlib.sha256(b"Some text.").hexdigest()
    source.snapshot = "Other text."
    source.save()
    source.refresh_from_db()
    assert source.snapshot_sha256 == hashlib.sha256(b"Other text.").hexdigest()


def test_source_without_text_has_no_hash():
    assert SourceFactory(snapshot="").snapshot_sha256 == ""


def test_pasted_crlf_text_is_stored_with_lf_and_hashed_so():
    source = SourceFactory(snapshot="line one\r\nline two")
    assert source.snapshot == "line one\nline two"
    assert source.snapshot_sha256 == hashlib.sha256(b"line one\nline two").hexdigest()


def test_database_refuses_a_snapshot_without_its_hash(source):
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.filter(pk=source.pk).update(snapshot_sha256="")


def test_slug_is_made_from_the_title_and_kept_unique():
    first = SourceFactory(title="UN experts: 1988 massacre")
    second = SourceFactory(title="UN experts: 1988 massacre")
    assert first.slug == "un-experts-1988-massacre"
    assert second.slug == "un-experts-1988-massacre-2"


def test_citation_offsets_point_at_the_quoted_text(source):
    citation = PersonCitation.objects.create(
        fact=PersonFactory(),
        source=source,
        quote="'Death Commissions' were formed across Iran - sending political prisoners",
    )
    assert citation.verified
    assert source.snapshot[citation.start : citation.end] == citation.quote
    assert citation.quote.startswith("\u2018Death Commissions\u2019")
    assert "\n" in citation.quote
    assert citation.prefix == source.snapshot[citation.start - 32 : citation.start]
    assert citation.suffix == source.snapshot[citation.end : citation.end + 32]
    assert citation.get_absolute_url() == f"{source.get_absolute_url()}#passage-{citation.start}-{citation.end}"


def test_citation_with_a_quote_not_in_the_source_is_refused_with_a_message(source):
    citation = PersonCitation(
        fact=PersonFactory(), source=source, quote="The victims were buried in public cemeteries."
    )
    with pytest.raises(ValidationError) as error:
        citation.full_clean()
    assert "is not in the archived text" in error.value.message_dict["quote"][0]
    with pytest.raises(ValidationError):
        citation.save()
    assert not PersonCitation.objects.exists()


def test_citation_of_a_source_without_text_is_kept_unverified_then_verified_when_text_arrives():
    source = SourceFactory(snapshot="")
    citation = PersonCitation.objects.create(fact=PersonFactory(), source=source, quote="secret mass graves")
    assert not citation.verified
    assert citation.start is None
    assert citation.get_absolute_url() == source.get_absolute_url()

    source.snapshot = SNAPSHOT
    source.full_clean()
    source.save()
    citation.refresh_from_db()
    assert citation.verified
    assert SNAPSHOT[citation.start : citation.end] == "secret mass graves"


def test_a_changed_cited_text_is_a_new_capture_and_the_earlier_one_stays(source):
    citation = PersonCitation.objects.create(fact=PersonFactory(), source=source, quote="secret mass graves")
    first = citation.capture
    source = Source.objects.get(pk=source.pk)
    source.snapshot = "A different text."
    source.full_clean()
    source.save()
    assert list(source.captures.order_by("pk")) == [first, source.latest_capture()]
    first.refresh_from_db()
    assert "secret mass graves" in first.text
    citation.refresh_from_db()
    assert (citation.capture, citation.anchor_status, citation.verified) == (first, "lost", False)


def test_cited_source_cannot_be_deleted(source):
    from django.db.models import ProtectedError

    PersonCitation.objects.create(fact=PersonFactory(), source=source, quote="secret mass graves")
    with pytest.raises(ProtectedError):
        source.delete()


def test_database_refuses_a_verified_citation_without_offsets(source):
    citation = PersonCitation.objects.create(fact=PersonFactory(), source=source, quote="secret mass graves")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonCitation.objects.filter(pk=citation.pk).update(start=None)


def test_source_page_lists_citations_of_every_kind_in_text_order(source):
    person = PersonFactory()
    late = PersonCitation.objects.create(fact=person, source=source, quote="secret mass graves")
    early = PersonCitation.objects.create(fact=person, source=source, quote="Ayatollah Khomeini")
    from casefile.public.citations import source_citations

    assert source_citations(source) == [early, late]


def test_publication_date_is_displayed_with_its_precision():
    import datetime

    source = SourceFactory(published_on=datetime.date(2017, 11, 1), published_on_precision="month")
    assert source.published_on_display == "November 2017"
