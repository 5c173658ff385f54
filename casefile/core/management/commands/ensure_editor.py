"""Create the local editor account on the first run, with a password printed once."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create a local administrator account 'editor' if there is no administrator yet; print its password once."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("An administrator account exists already; its password is not shown again.")
            self.stdout.write("Forgot it? Run: .venv/bin/python manage.py changepassword " + username)
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        line = "=" * 64
        self.stdout.write(
            self.style.SUCCESS(
                f"\n{line}\nEditor account created for this local site (shown once):\n"
                f"  user:     {username}\n  password: {password}\n"
                f"Log in at http://127.0.0.1:8000/{settings.ADMIN_PATH}\n{line}\n"
            )
        )
