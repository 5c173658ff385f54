from django.core.management import call_command
from django.core.management.base import BaseCommand

from casefile.curation.resources import VictimResource


class Command(BaseCommand):
    help = (
        "Import victims from a CSV (UTF-8) or .xlsx file: `import_records victims` under its earlier name. Columns: "
        + ", ".join(VictimResource.columns())
        + ". other_names are separated by ';'; dates are YYYY, YYYY-MM or YYYY-MM-DD. "
        "Every row is checked first; a file with any bad row imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--case", required=True, help="The slug of the case the victims belong to.")
        parser.add_argument("--user", required=True, help="The editor the import is recorded under.")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, path, case, user, no_progress, **options):
        extra = ["--no-progress"] if no_progress else []
        call_command("import_records", "victims", path, "--case", case, "--user", user, *extra, stdout=self.stdout)
