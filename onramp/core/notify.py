"""GOV.UK Notify behind Django's e-mail interface.

Notify sends from templates. Onramp uses one e-mail template whose subject is
``((subject))`` and whose body is ``((body))``; its ID is NOTIFY_EMAIL_TEMPLATE_ID.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        if not settings.NOTIFY_API_KEY or not settings.NOTIFY_EMAIL_TEMPLATE_ID:
            raise ImproperlyConfigured("Set both NOTIFY_API_KEY and NOTIFY_EMAIL_TEMPLATE_ID to send through Notify.")
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(settings.NOTIFY_API_KEY)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            for recipient in message.recipients():
                try:
                    self.client.send_email_notification(
                        email_address=recipient,
                        template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
                        personalisation={"subject": message.subject, "body": message.body},
                    )
                except Exception:
                    if not self.fail_silently:
                        raise
                else:
                    sent += 1
        return sent
