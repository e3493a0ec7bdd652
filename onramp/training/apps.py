from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "onramp.training"
    label = "training"
    verbose_name = "Training cohorts"

    def ready(self) -> None:
        from onramp.training import (
            privacy,  # noqa: F401  (registers this app's part of erasure and subject access)
            scopes,  # noqa: F401  (registers this app's scopes with the access policy)
        )
