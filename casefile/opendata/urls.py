from django.urls import path, register_converter

from . import feeds, views
from .registry import BY_NAME


class RecordTypeConverter:
    """Only the names of the record types that can be downloaded: anything else is not an address here."""

    regex = "|".join(BY_NAME)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class FormatConverter(RecordTypeConverter):
    regex = "csv|json"


register_converter(RecordTypeConverter, "recordtype")
register_converter(FormatConverter, "recordtype_format")

app_name = "opendata"

urlpatterns = [
    path("data/", views.DataView.as_view(), name="data"),
    path("data/casefile.zip", views.data_package, name="data_package"),
    path("data/popolo.json", views.popolo, name="popolo"),
    path("data/<recordtype:name>.<recordtype_format:extension>", views.download, name="download"),
    path("sources/<slug:slug>/citation.bib", views.source_bibtex, name="source_bibtex"),
    path("sources/<slug:slug>/citation.json", views.source_csl, name="source_csl"),
    path("feed.atom", feeds.ChangesFeed(), name="feed"),
]
