from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from casefile.cases.models import Case
from casefile.curation.loader import CaseFileError, load_case_file


class Command(BaseCommand):
    help = "Load a curated case file (YAML). Every record is validated and every quote located; an error loads nothing."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--if-absent", action="store_true", help="Do nothing if the case is in the database already."
        )
        parser.add_argument(
            "--publish-as",
            metavar="USERNAME",
            help="Publish the loaded records as this reviewer's or administrator's recorded decision "
            "(kept in each record's history). Without it, every record loads as a draft for review.",
        )

    def handle(self, *args, path, if_absent, publish_as, **options):
        import yaml

        try:
            with open(path, encoding="utf-8") as handle:
                slug = (yaml.safe_load(handle) or {}).get("case", {}).get("slug")
        except (OSError, yaml.YAMLError, AttributeError) as error:
            raise CommandError(f"{path}: cannot be read: {error}") from None
        if slug and Case.objects.filter(slug=slug).exists():
            if if_absent:
                self.stdout.write(f"The case {slug!r} is loaded already; kept as it is.")
                return
            raise CommandError(f"The case {slug!r} is in the database already; nothing was loaded.")
        publisher = None
        if publish_as:
            publisher = get_user_model().objects.filter(username=publish_as, is_active=True).first()
            if publisher is None:
                raise CommandError(f"Nothing was loaded. No active account named {publish_as!r} to publish as.")
        try:
            case = load_case_file(path, publish_as=publisher)
        except CaseFileError as error:
            raise CommandError(f"Nothing was loaded. {error}") from None
        how = f"published by {publisher}" if publisher else "as drafts, for review"
        self.stdout.write(self.style.SUCCESS(f"Loaded the case {case.title!r} from {path} ({how})."))
