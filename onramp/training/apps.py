from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "onramp.training"
    label = "training"
    verbose_name = "Training cohorts"
