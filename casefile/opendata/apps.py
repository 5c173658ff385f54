from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    """What researchers and programs read: the API, downloads, feeds, sitemaps and citation formats."""

    name = "casefile.opendata"
    verbose_name = _("Open data")
