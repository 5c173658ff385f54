"""manage.py backup: the database (history included) and the uploaded files, in one archive."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from casefile.core import backup


class Command(BaseCommand):
    help = "Write a backup of the database and the uploaded files to backups/casefile-<UTC time>.tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", default=settings.BASE_DIR / "backups", help="Where to write it (default: backups/)."
        )

    def handle(self, *args, dir, **options):
        try:
            path = backup.create(dir)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(backup.read_manifest(path)["tables"].values())
        self.stdout.write(self.style.SUCCESS(f"Backup written: {path} ({rows} rows and the uploaded files)."))
