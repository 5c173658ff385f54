"""Give the editor, reviewer and administrator groups exactly their permissions again."""

from django.apps import apps
from django.core.management.base import BaseCommand

from casefile.core.roles import sync_roles


class Command(BaseCommand):
    help = "Create the editor, reviewer and administrator groups, and set their permissions (after adding a model)."

    def handle(self, *args, **options):
        sync_roles(apps)
        self.stdout.write(self.style.SUCCESS("Roles editor, reviewer and administrator are up to date."))
