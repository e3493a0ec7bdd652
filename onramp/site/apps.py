from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The face that joins the stages: home, navigation, the caseload and a young person's record, the demo and
    synthetic data. It sits above every stage, so it may read them all; nothing below imports it."""

    name = "onramp.site"
    label = "site"
    verbose_name = "Site"
