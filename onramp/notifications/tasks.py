"""Delivery, run by the django-tasks-db worker: build one logged message from its row, send it and record how it
went. The task's arguments are the row's id alone, so the queue's table (kept for a while after each task ends)
never holds an address, a message's words or a sign-in link."""

from __future__ import annotations

import json
import logging
import re

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.tasks import task
from django.utils import timezone

from onramp.core import crypto
from onramp.core.notify import NOTIFY_IDS, send_sms
from onramp.notifications import messages
from onramp.notifications.models import Channel, Notification, Status

logger = logging.getLogger(__name__)

_ADDRESS = re.compile(r"\S+@\S+|\+?\d[\d ]{5,}\d")


def short_reason(error: Exception) -> str:
    """What went wrong, short and without any address or phone number an error message might repeat."""
    text = _ADDRESS.sub("(address)", f"{type(error).__name__}: {error}")
    return text[:200]


@task()
def deliver(*, notification_id: int) -> str:
    """Send one waiting message and mark its log row sent (with Notify's id, when sent through Notify) or failed.
    A row that is no longer waiting (sent already, or its record erased meanwhile) is left as it is."""
    row = Notification.objects.filter(pk=notification_id, status=Status.QUEUED).exclude(payload="").first()
    if row is None:
        return "nothing to send"
    try:
        held = json.loads(crypto.decrypt(row.payload))
        if "message" in held:
            rendered = messages.render(held["message"], held["context"])
        else:  # queued before messages were built when sent: the words were moved here as they were
            rendered = messages.Rendered(subject=held["subject"], body=held["body"], sms=held["body"])
        to = held["to"]
        if row.channel == Channel.SMS:
            reference = send_sms(phone_number=to, body=rendered.sms)
        else:
            message = EmailMessage(rendered.subject, rendered.body, settings.DEFAULT_FROM_EMAIL, [to])
            if not mailers.default.send_messages([message]):
                raise RuntimeError("the e-mail backend did not accept the message")
            reference = (getattr(message, NOTIFY_IDS, None) or [""])[0]
    except Exception as error:  # any failure is logged against the message, then reported
        reason = short_reason(error)
        Notification.objects.filter(pk=notification_id).update(status=Status.FAILED, reason=reason, payload="")
        logger.warning("Message %s not sent: %s", notification_id, reason)
        return Status.FAILED
    Notification.objects.filter(pk=notification_id).update(
        status=Status.SENT, sent_at=timezone.now(), provider_reference=reference[:100], payload=""
    )
    return Status.SENT
