from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "onramp.grants"
    label = "grants"
    verbose_name = "Needs-based grants"
