from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "onramp.exchange"
    label = "exchange"
    verbose_name = "Imports, exports and the API"
