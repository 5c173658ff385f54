from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "casefile.public"
