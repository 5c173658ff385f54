from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "casefile.figures"
