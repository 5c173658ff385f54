"""Enrol an authenticator app for a staff account: the second factor the admin asks for."""

import io
from base64 import b32encode

import segno
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Add a time-based one-time password (TOTP) device to a user and print its secret once, "
        "as an otpauth:// URL and as a key to type into an authenticator app."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="authenticator app", help="A name to tell the user's devices apart.")
        parser.add_argument("--no-qr", action="store_false", dest="qr", help="Do not draw the QR code.")
        parser.add_argument(
            "--replace", action="store_true", help="Delete the user's other TOTP devices (a lost phone)."
        )

    def handle(self, *args, username, name, replace, qr, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"There is no user named {username!r}.") from None
        if not user.is_staff:
            self.stderr.write(f"Note: {username} is not staff, so cannot use the admin yet.")
        if replace:
            deleted, _ = TOTPDevice.objects.filter(user=user).delete()
            self.stdout.write(f"Deleted {deleted} earlier device(s) of {username}.")
        device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
        line = "=" * 64
        drawing = io.StringIO()
        if qr:
            segno.make(device.config_url, error="m").terminal(out=drawing, compact=True)
            drawing.write("\nScan the QR code with an authenticator app, or type this key into it\n")
        else:
            drawing.write("Type this key into an authenticator app\n")
        self.stdout.write(
            f"{line}\nOne-time password device for {username} (shown once, keep it secret):\n\n"
            f"{drawing.getvalue()}"
            f"(time-based, 6 digits, 30 seconds):\n\n"
            f"  {b32encode(device.bin_key).decode()}\n\n"
            f"As a URL: {device.config_url}\n{line}"
        )
