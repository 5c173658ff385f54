from django.apps import AppConfig


class CurationConfig(AppConfig):
    name = "casefile.curation"
    verbose_name = "Curated case files"
