from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "onramp.portal"
    label = "portal"
    verbose_name = "Young people's portal"

    def ready(self) -> None:
        from onramp.portal import privacy  # noqa: F401  (registers this app's part of erasure and subject access)
