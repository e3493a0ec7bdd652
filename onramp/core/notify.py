"""GOV.UK Notify: e-mail behind Django's e-mail interface, and text messages.

Notify sends from templates. Onramp uses one e-mail template whose subject is ``((subject))`` and whose body is
``((body))`` (NOTIFY_EMAIL_TEMPLATE_ID) and one text message template whose body is ``((body))``
(NOTIFY_SMS_TEMPLATE_ID). ``client()`` is the one place a Notify client is made (tests replace it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage

# After sending, NotifyEmailBackend sets this attribute on each message: Notify's notification ids, one per
# recipient, so that the caller can log them.
NOTIFY_IDS = "notify_ids"


def client() -> Any:
    """A GOV.UK Notify API client for the configured key."""
    # Imported here: the Notify client is slow to load and only sending through Notify needs it.
    from notifications_python_client.notifications import NotificationsAPIClient

    return NotificationsAPIClient(settings.NOTIFY_API_KEY)


def sms_configured() -> bool:
    return bool(settings.NOTIFY_API_KEY and settings.NOTIFY_SMS_TEMPLATE_ID)


def send_sms(*, phone_number: str, body: str) -> str:
    """Send one text message through Notify; returns Notify's notification id."""
    if not sms_configured():
        raise ImproperlyConfigured("Set both NOTIFY_API_KEY and NOTIFY_SMS_TEMPLATE_ID to send text messages.")
    response = client().send_sms_notification(
        phone_number=phone_number, template_id=settings.NOTIFY_SMS_TEMPLATE_ID, personalisation={"body": body}
    )
    return str(response.get("id", ""))


class NotifyEmailBackend(BaseEmailBackend):
    """A mailer (``MAILERS``): it takes no options of its own, and a failure always raises, so that the caller
    can log it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not settings.NOTIFY_API_KEY or not settings.NOTIFY_EMAIL_TEMPLATE_ID:
            raise ImproperlyConfigured("Set both NOTIFY_API_KEY and NOTIFY_EMAIL_TEMPLATE_ID to send through Notify.")
        self.client = client()

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            ids: list[str] = []
            for recipient in message.recipients():
                response = self.client.send_email_notification(
                    email_address=recipient,
                    template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
                    personalisation={"subject": message.subject, "body": message.body},
                )
                ids.append(str((response or {}).get("id", "")))
                sent += 1
            setattr(message, NOTIFY_IDS, ids)
        return sent
