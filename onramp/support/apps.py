from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "onramp.support"
    label = "support"
    verbose_name = "Support in work: check-ins, leaving and progression"

    def ready(self) -> None:
        from onramp.support import (
            privacy,  # noqa: F401  (registers this app's part of erasure and subject access)
            reactions,  # noqa: F401  (registers this stage's reactions to the journey)
            scopes,  # noqa: F401  (registers this app's scopes and confidential fields with the access policy)
        )
