from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from casefile.opendata.datapackage import zip_chunks


class Command(BaseCommand):
    help = (
        "Write the whole public case as a Frictionless data package (zip with datapackage.json), "
        "for a mirror or an archive; the site serves the same, built on request, at /data/casefile.zip."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(settings.DATA_PACKAGE_PATH), help="where to write the zip")

    def handle(self, *args, path, **options):
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        with partial.open("wb") as output:
            for chunk in zip_chunks():
                output.write(chunk)
        partial.replace(target)
        self.stdout.write(f"Wrote {target} ({target.stat().st_size:,} bytes).")
