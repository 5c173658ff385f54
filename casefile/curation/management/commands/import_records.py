import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from import_export.formats.base_formats import CSV, XLSX

from casefile.cases.models import Case
from casefile.curation.resources import RESOURCES, row_errors


class Progress:
    """A progress bar on standard error: rows checked out of the file's rows, then the write."""

    def __init__(self, total, stream, width=30):
        self.total, self.stream, self.width, self.start = max(total, 1), stream, width, time.perf_counter()

    def __call__(self, done):
        filled = int(self.width * done / self.total)
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{self.total} rows checked"
            f" ({time.perf_counter() - self.start:.0f} s)"
        )
        self.stream.flush()

    def writing(self):
        self(self.total)
        self.stream.write("; writing …\n")
        self.stream.flush()


def read_dataset(path):
    """The file as a tablib Dataset: .xlsx through openpyxl, anything else as UTF-8 CSV."""
    path = Path(path)
    try:
        if path.suffix.lower() == ".xlsx":
            return XLSX().create_dataset(path.read_bytes())
        return CSV(encoding="utf-8-sig").create_dataset(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise CommandError(f"{path}: cannot be read as UTF-8 CSV or .xlsx: {error}") from None


def import_file(kind, path, *, case, user, progress=None):
    """Check every row of ``path``, then import them all as one review batch, or nothing.

    ``progress``: a stream on which to draw a progress bar, or None.
    """
    dataset = read_dataset(path)
    bar = Progress(len(dataset), stream=progress) if progress is not None else None
    resource_class = RESOURCES[kind]

    class Quick(resource_class):  # no HTML diff, which only the admin's preview shows
        class Meta(resource_class.Meta):
            skip_diff = True

    Quick.__name__ = resource_class.__name__
    resource = Quick(case=case, user=user, progress=bar)
    result = resource.import_data(dataset, dry_run=False, file_name=Path(path).name)
    if bar:
        bar.writing()
    errors = row_errors(result)
    if errors or resource.batch is None:
        lines = [
            f"row {row}: {column}: {message}" if column else f"row {row}: {message}" for row, column, message in errors
        ]
        raise CommandError("Nothing was imported.\n" + "\n".join(lines))
    return resource.batch, result.totals.get("new", 0)


class Command(BaseCommand):
    help = (
        "Import victims, people, sources or sites from a CSV (UTF-8) or Excel (.xlsx) file with a header row, "
        "the same import as the admin's. Every row is checked first; a file with any bad row imports nothing. "
        "The records are created as one review batch, submitted by --user: a reviewer publishes them."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(RESOURCES))
        parser.add_argument("path")
        parser.add_argument("--case", help="The slug of the case the records belong to (not needed for sources).")
        parser.add_argument("--user", required=True, help="The editor the import is recorded under (who submits it).")
        parser.add_argument("--no-progress", action="store_true", help="Print no progress bar.")

    def handle(self, *args, kind, path, case, user, no_progress, **options):
        case_record = None
        if case:
            case_record = Case.objects.filter(slug=case).first()
            if case_record is None:
                raise CommandError(f"No case with the slug {case!r}.")
        elif kind != "sources":
            raise CommandError("Say which case the records belong to: --case SLUG.")
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"No account named {user!r}.")
        batch, count = import_file(
            kind, path, case=case_record, user=account, progress=None if no_progress else self.stderr
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {count} {kind} as review batch {batch.pk} ({batch.reason}): a reviewer publishes them."
            )
        )
