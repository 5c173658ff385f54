from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "casefile.sources"
    verbose_name = "Sources and citations"
