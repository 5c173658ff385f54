from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "casefile.core"
    verbose_name = "Casefile core"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.core import checks

        from .bilingual import keep_queries_in_english
        from .cache import connect_signals
        from .middleware import start_session_clock
        from .wellknown import check_security_contact

        checks.register(check_security_contact, checks.Tags.security, deploy=True)
        user_logged_in.connect(start_session_clock, dispatch_uid="casefile_start_session_clock")
        keep_queries_in_english()
        connect_signals()  # any other save or deletion of a record makes cached pages stale too
