from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "onramp.accounts"
    label = "accounts"
    verbose_name = "Organisations and accounts"

    def ready(self) -> None:
        from onramp.accounts import scopes  # noqa: F401  (registers this app's scopes with the access policy)
