from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from casefile.opendata.package_import import PackageError, import_package


class Command(BaseCommand):
    help = (
        "Import a data package written by build_datapackage (or downloaded from /data/casefile.zip) into an "
        "empty database: every record through its model's rules, every quote located again in its source, "
        "every source's text checked against its SHA-256. An invalid package imports nothing. The records "
        "arrive as one review batch submitted by --user; with --publish (restoring your own archive) --user, "
        "a reviewer or administrator, publishes them at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the package, a .zip with datapackage.json")
        parser.add_argument("--user", required=True, help="The account the import is recorded under.")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Restore an archive: publish the records at once, as --user's recorded decision, "
            "instead of submitting them for review.",
        )

    def handle(self, *args, path, user, publish, **options):
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"No account named {user!r}.")
        try:
            case, batch = import_package(path, user=account, publish=publish)
        except PackageError as error:
            raise CommandError(f"Nothing was imported: {error}") from None
        if batch is None:
            self.stdout.write(self.style.SUCCESS(f"Imported and published the case '{case}' (published by {user})."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported the case '{case}' as review batch {batch.pk} ({batch.reason}): a reviewer publishes it."
                )
            )
