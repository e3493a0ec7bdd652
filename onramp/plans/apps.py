from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "onramp.plans"
    label = "plans"
    verbose_name = "Personalised development plans"
