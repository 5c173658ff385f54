"""Re-hash every capture and re-anchor every citation; exit non-zero if any is broken or tampered."""

import time

from django.core.management.base import BaseCommand, CommandError

from casefile.sources.verification import verify_evidence


class Command(BaseCommand):
    help = (
        "Recompute the SHA-256 of every capture of every source (stored file and text) and anchor every "
        "citation again in its source's newest capture. Prints a summary; exits with status 1 if any "
        "citation is broken (its passage changed or was lost) or any capture or text was tampered with."
    )

    def handle(self, *args, **options):
        began = time.perf_counter()
        report = verify_evidence()
        seconds = time.perf_counter() - began
        for line in report.problems:
            self.stdout.write(line)
        self.stdout.write(f"{report.summary()}, in {seconds:.1f} s")
        if not report.sound:
            raise CommandError(f"Evidence check failed: {report.broken} broken, {report.tampered} tampered.")
        self.stdout.write(self.style.SUCCESS("All evidence verified."))
