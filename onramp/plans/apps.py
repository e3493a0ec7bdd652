from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "onramp.plans"
    label = "plans"
    verbose_name = "Personalised development plans"

    def ready(self) -> None:
        from onramp.plans import (
            privacy,  # noqa: F401  (registers this app's part of erasure and subject access)
            scopes,  # noqa: F401  (registers this app's confidential fields with the access policy)
        )
