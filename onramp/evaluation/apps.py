from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "onramp.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation and reporting"
