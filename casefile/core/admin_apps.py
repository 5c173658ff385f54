"""Django's admin app, with Casefile's admin site as ``admin.site``.

Kept apart from ``sites.py``: an app config module is imported before models may be.
"""

from django.conf import settings
from django.contrib.admin.apps import AdminConfig
from django.core import checks


class CasefileAdminConfig(AdminConfig):
    default_site = "casefile.core.sites.CasefileAdminSite"

    def ready(self):
        super().ready()
        checks.register(check_second_factor, checks.Tags.security, deploy=True)


def check_second_factor(app_configs, **kwargs):
    """``manage.py check --deploy`` warns when staff could log in with a password alone."""
    if settings.REQUIRE_2FA:
        return []
    return [
        checks.Warning(
            "REQUIRE_2FA is off: staff can use the admin with a password alone.",
            hint="Remove REQUIRE_2FA=False from the environment and enrol devices with manage.py add_totp_device.",
            id="casefile.W001",
        )
    ]
