from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "casefile.core"
    verbose_name = "Casefile core"
