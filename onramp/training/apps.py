from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "onramp.training"
    label = "training"
    verbose_name = "Training cohorts"

    def ready(self) -> None:
        from onramp.training import scopes  # noqa: F401  (registers this app's scopes with the access policy)
