from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "onramp.recruitment"
    label = "recruitment"
    verbose_name = "Recruitment"

    def ready(self) -> None:
        from onramp.recruitment import (
            privacy,  # noqa: F401  (registers this app's part of erasure and subject access)
            reactions,  # noqa: F401  (registers this stage's reactions to the journey)
            scopes,  # noqa: F401  (registers this app's scopes with the access policy)
        )
