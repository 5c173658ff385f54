"""make backup / make restore: a restore gives back every row, history included, and every uploaded file."""

import os
import stat
import tarfile

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from casefile.cases.models import Case
from casefile.people.models import Person, PositionCitation
from casefile.public import trigram_costs
from casefile.sources.models import Source
from tests.conftest import SNAPSHOT
from tests.factories import CaseFactory, PersonFactory, PersonNameFactory, PositionFactory, SourceFactory, cite
from tests.sources.pdfs import make_pdf
from tests.test_admin import admin_url, form_data

# pg_dump reads the database from its own connection: the data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

PDF = make_pdf(["The victims were buried in secret mass graves."])


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def backups(tmp_path):
    return tmp_path / "backups"


def every_row():
    """Every row of every table the models use, history and many-to-many tables included."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            rows[model._meta.db_table] = list(model._base_manager.order_by("pk").values_list())
    return rows


def every_file(media_root):
    return {p.relative_to(media_root): p.read_bytes() for p in media_root.rglob("*") if p.is_file()}


@pytest.fixture
def case_file(editor, editor_client):
    """A small case file with history of every kind: created, changed through the admin, deleted."""
    case = CaseFactory(title="1988 massacre")
    source = SourceFactory(title="UN experts", snapshot=SNAPSHOT, file=SimpleUploadedFile("report.pdf", PDF))
    person = PersonFactory(name="Mostafa Pourmohammadi", name_fa="مصطفی پورمحمدی", cases=[case])
    PersonNameFactory(person=person, name="Pour-Mohammadi")
    position = PositionFactory(person=person)
    cite(PositionCitation, position, source, "Three-member \u2018Death Commissions\u2019 were formed across Iran")
    url = admin_url("sources.source", "change", source.pk)
    data = form_data(editor_client.get(url))
    data.pop("file")
    assert editor_client.post(url, data | {"publisher": "United Nations"}).status_code == 302
    PersonFactory(name="Removed again").delete()
    TOTPDevice.objects.create(user=editor, name="phone")
    return source


def test_restore_gives_back_every_row_and_file(case_file, media_root, backups, capsys):
    before, files_before = every_row(), every_file(media_root)
    assert before["sources_historicalsource"] and before["people_historicalperson"]
    assert any(row for row in before["sources_historicalsource"] if row[-1] is not None)  # who changed it
    assert files_before

    call_command("backup", dir=backups)
    (archive,) = backups.glob("casefile-*.tar.gz")
    assert "Backup written" in capsys.readouterr().out

    # Everything changes after the backup: edits, deletions, new records, a lost and a stray file.
    Source.objects.filter(pk=case_file.pk).update(title="Changed after the backup")
    Person.objects.get(name="Mostafa Pourmohammadi").aliases.all().delete()
    CaseFactory(title="Added after the backup")
    Person.history.all().delete()
    (media_root / case_file.file.name).unlink()
    (media_root / "stray.txt").write_text("not in the backup")

    call_command("restore", str(archive), interactive=False, dir=backups)

    assert every_row() == before
    assert every_file(media_root) == files_before
    assert len(list(backups.glob("casefile-*.tar.gz"))) == 2  # the state before the restore was kept
    # Sequences come back too: a new record does not collide with a restored one.
    assert CaseFactory(title="After the restore").pk > max(
        Case.objects.exclude(title="After the restore").values_list("pk", flat=True)
    )
    if connection.vendor == "postgresql":  # the restored pg_trgm is priced for the index again
        with connection.cursor() as cursor:
            cursor.execute("SELECT procost FROM pg_proc WHERE proname = 'word_similarity_op'")
            assert cursor.fetchone()[0] == trigram_costs.COST


def test_backups_are_readable_by_their_owner_only(case_file, backups):
    call_command("backup", dir=backups)
    (archive,) = backups.glob("casefile-*.tar.gz")
    assert stat.S_IMODE(os.stat(archive).st_mode) == 0o600
    with tarfile.open(archive) as contents:
        names = contents.getnames()
    assert "manifest.json" in names
    assert any(name.startswith("media/sources/") for name in names)


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(case_file, tmp_path, backups):
    before = every_row()
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="is not a Casefile backup"):
        call_command("restore", str(bogus), interactive=False, dir=backups)
    assert every_row() == before
    assert not backups.exists()
