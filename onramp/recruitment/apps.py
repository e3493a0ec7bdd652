from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "onramp.recruitment"
    label = "recruitment"
    verbose_name = "Recruitment"
