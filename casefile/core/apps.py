from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "casefile.core"
    verbose_name = "Casefile core"

    def ready(self):
        from django.contrib import admin
        from django.contrib.auth.signals import user_logged_in
        from django.core import checks
        from django.urls import path

        from .middleware import start_session_clock
        from .views import review_queue
        from .wellknown import check_security_contact

        checks.register(check_security_contact, checks.Tags.security, deploy=True)
        user_logged_in.connect(start_session_clock, dispatch_uid="casefile_start_session_clock")

        site = admin.site
        site_urls = site.get_urls

        def get_urls():
            """The admin's own pages, and the review queue (``admin:review_queue``) behind the same login."""
            return [path("review/", site.admin_view(review_queue), name="review_queue"), *site_urls()]

        site.get_urls = get_urls
