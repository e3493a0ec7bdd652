from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "onramp.grants"
    label = "grants"
    verbose_name = "Needs-based grants"

    def ready(self) -> None:
        from onramp.grants import (
            privacy,  # noqa: F401  (registers this app's part of erasure and subject access)
            scopes,  # noqa: F401  (registers this app's scopes with the access policy)
        )
