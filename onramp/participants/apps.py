from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "onramp.participants"
    label = "participants"
    verbose_name = "Young people and their journeys"

    def ready(self) -> None:
        from onramp.participants import (
            privacy,  # noqa: F401  (registers this app's part of erasure and subject access)
            scopes,  # noqa: F401  (registers this app's scopes with the access policy)
        )
