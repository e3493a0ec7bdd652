from django.apps import AppConfig


class JourneyConfig(AppConfig):
    name = "onramp.journey"
    label = "journey"
    verbose_name = "The journey event log"

    def ready(self) -> None:
        from onramp.journey import (
            privacy,  # noqa: F401  (registers this app's part of erasure and subject access)
            services,
        )
        from onramp.participants import lifecycle

        lifecycle.on_registered(services.record_registration)
        lifecycle.on_registration_moved(services.move_registration)
        lifecycle.on_checking_registration_date(services.registration_date_problem)
