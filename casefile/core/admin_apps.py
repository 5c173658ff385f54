"""Django's admin app, with Casefile's admin site as ``admin.site``.

Kept apart from ``sites.py``: an app config module is imported before models may be.
"""

from django.contrib.admin.apps import AdminConfig


class CasefileAdminConfig(AdminConfig):
    default_site = "casefile.core.sites.CasefileAdminSite"
