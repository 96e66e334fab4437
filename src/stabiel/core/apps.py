from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "stabiel.core"
    verbose_name = "Kern"
