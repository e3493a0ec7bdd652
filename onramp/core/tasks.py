"""Background work, run by the django-tasks-db worker (``onramp db_worker``)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task


@task()
def send_email(*, subject: str, body: str, to: list[str]) -> int:
    """Send one plain-text e-mail through the configured backend (GOV.UK Notify, SMTP or console)."""
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)
