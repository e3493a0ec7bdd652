from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "onramp.core"
    label = "core"
    verbose_name = "Core"
