from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "onramp.grants"
    label = "grants"
    verbose_name = "Needs-based grants"

    def ready(self) -> None:
        from onramp.grants import scopes  # noqa: F401  (registers this app's scopes with the access policy)
