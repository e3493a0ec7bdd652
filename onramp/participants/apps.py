from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "onramp.participants"
    label = "participants"
    verbose_name = "Young people and their journeys"
