"""Create the local accounts on the first run, with passwords printed once.

Two accounts, because the workflow needs two people: nobody publishes their own change.
``editor`` is an administrator (edits, and manages everything); ``reviewer`` reviews and publishes.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from casefile.core.roles import ADMINISTRATOR, REVIEWER


class Command(BaseCommand):
    help = (
        "On a site with no administrator yet, create the local accounts 'editor' (administrator) and "
        "'reviewer', and print their passwords once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--reviewer", default="reviewer")
        parser.add_argument(
            "--port", default="8000", help="The port the local site is served on, for the login address."
        )

    def handle(self, *args, username, reviewer, port, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("The local accounts exist already; their passwords are not shown again.")
            self.stdout.write(f"Forgot one? Run: .venv/bin/python manage.py changepassword {username}")
            return
        accounts = []
        editor_password = secrets.token_urlsafe(12)
        editor = User.objects.create_superuser(username=username, email="", password=editor_password)
        editor.groups.add(*Group.objects.filter(name=ADMINISTRATOR))
        accounts.append((username, editor_password, "administrator: edits, and manages everything"))
        if not User.objects.filter(username=reviewer).exists():
            reviewer_password = secrets.token_urlsafe(12)
            account = User.objects.create_user(username=reviewer, password=reviewer_password, is_staff=True)
            account.groups.add(*Group.objects.filter(name=REVIEWER))
            accounts.append((reviewer, reviewer_password, "reviewer: publishes what others changed"))
        line = "=" * 64
        lines = [line, "Accounts created for this local site (passwords shown once):"]
        for name, password, role in accounts:
            lines += [f"  user:     {name}   ({role})", f"  password: {password}"]
        lines += [f"Log in at http://127.0.0.1:{port}/{settings.ADMIN_PATH}", line]
        self.stdout.write(self.style.SUCCESS("\n" + "\n".join(lines) + "\n"))
