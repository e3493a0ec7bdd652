"""Delivery, run by the django-tasks-db worker: send one logged message and record how it went."""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.tasks import task
from django.utils import timezone

from onramp.core.notify import NOTIFY_IDS, send_sms
from onramp.notifications.models import Channel, Notification, Status

logger = logging.getLogger(__name__)

_ADDRESS = re.compile(r"\S+@\S+|\+?\d[\d ]{5,}\d")


def short_reason(error: Exception) -> str:
    """What went wrong, short and without any address or phone number an error message might repeat."""
    text = _ADDRESS.sub("(address)", f"{type(error).__name__}: {error}")
    return text[:200]


@task()
def deliver(*, notification_id: int, channel: str, to: str, subject: str, body: str) -> str:
    """Send one message and mark its log row sent (with Notify's id, when sent through Notify) or failed."""
    try:
        if channel == Channel.SMS:
            reference = send_sms(phone_number=to, body=body)
        else:
            message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
            if not mailers.default.send_messages([message]):
                raise RuntimeError("the e-mail backend did not accept the message")
            reference = (getattr(message, NOTIFY_IDS, None) or [""])[0]
    except Exception as error:  # any failure is logged against the message, then reported
        reason = short_reason(error)
        Notification.objects.filter(pk=notification_id).update(status=Status.FAILED, reason=reason)
        logger.warning("Message %s not sent: %s", notification_id, reason)
        return Status.FAILED
    Notification.objects.filter(pk=notification_id).update(
        status=Status.SENT, sent_at=timezone.now(), provider_reference=reference[:100]
    )
    return Status.SENT
