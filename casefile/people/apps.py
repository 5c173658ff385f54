from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "casefile.people"
