"""manage.py restore FILE: put back the database and the uploaded files of a backup."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from casefile.core import backup


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with those of a backup made by `manage.py backup`. "
        "The present state is backed up first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A backups/casefile-….tar.gz archive.")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")
        parser.add_argument(
            "--no-safety-backup",
            action="store_false",
            dest="safety_backup",
            help="Do not back up the present state first.",
        )
        parser.add_argument("--dir", default=settings.BASE_DIR / "backups", help="Where the safety backup goes.")

    def handle(self, *args, file, interactive, safety_backup, dir, **options):
        try:
            manifest = backup.read_manifest(file)
            if interactive:
                answer = input(
                    f"This replaces the database {connection.settings_dict['NAME']} and the files in "
                    f"{settings.MEDIA_ROOT}\nwith the backup made {manifest['created']}. Type 'yes' to go on: "
                )
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled; nothing was changed.")
            if safety_backup:
                path = backup.create(dir)
                self.stdout.write(f"The present state was backed up first: {path}")
            backup.restore(file)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {file}: {rows} rows in {len(manifest['tables'])} tables, and the uploaded files."
            )
        )
