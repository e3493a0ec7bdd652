from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "onramp.geography"
    label = "geography"
    verbose_name = "Reference geography"
