from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "onramp.participants"
    label = "participants"
    verbose_name = "Young people and their journeys"

    def ready(self) -> None:
        from onramp.participants import scopes  # noqa: F401  (registers this app's scopes with the access policy)
