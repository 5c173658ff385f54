from django.core.management.base import BaseCommand, CommandError

from casefile.cases.models import Case
from casefile.curation.victims import COLUMNS, VictimImportError, import_victims


class Command(BaseCommand):
    help = (
        "Import victims from a CSV file (UTF-8) with a header row. Columns: "
        + ", ".join(COLUMNS)
        + ". other_names are separated by ';'; dates are YYYY, YYYY-MM or YYYY-MM-DD. "
        "Every row is checked first; a file with any bad row imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--case", required=True, help="The slug of the case the victims belong to.")

    def handle(self, *args, path, case, **options):
        try:
            case_record = Case.objects.get(slug=case)
        except Case.DoesNotExist:
            raise CommandError(f"No case with the slug {case!r}.") from None
        try:
            with open(path, encoding="utf-8-sig") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: cannot be read as UTF-8 text: {error}") from None
        try:
            count = import_victims(text, case=case_record)
        except VictimImportError as error:
            raise CommandError("Nothing was imported.\n" + "\n".join(error.errors)) from None
        self.stdout.write(
            self.style.SUCCESS(f"Imported {count} victims into {case_record}, as drafts: a reviewer publishes them.")
        )
