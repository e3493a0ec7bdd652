from django.apps import AppConfig


class ChecksConfig(AppConfig):
    name = "onramp.checks"
    label = "checks"
    verbose_name = "Pre-employment checks, onboarding and starting work"

    def ready(self) -> None:
        from onramp.checks import (
            privacy,  # noqa: F401  (registers this app's part of erasure and subject access)
            reactions,  # noqa: F401  (registers this stage's reactions to the journey)
        )
