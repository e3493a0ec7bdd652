from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "onramp.accounts"
    label = "accounts"
    verbose_name = "Organisations and accounts"
