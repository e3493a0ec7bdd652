from django.apps import AppConfig


class ChecksConfig(AppConfig):
    name = "onramp.checks"
    label = "checks"
    verbose_name = "Pre-employment checks, onboarding and starting work"
