from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "onramp.support"
    label = "support"
    verbose_name = "Support in work: check-ins, leaving and progression"
