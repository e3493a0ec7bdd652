from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "onramp.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from onramp.notifications import (
            privacy,  # noqa: F401  (registers this app's part of erasure and subject access)
            scopes,  # noqa: F401  (registers this app's scopes with the access policy)
        )
