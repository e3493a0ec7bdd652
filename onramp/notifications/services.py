"""Sending a message: ``notify`` chooses the channels, writes the log and sends on commit, through a task.

E-mail goes through Django's e-mail interface (GOV.UK Notify's backend when NOTIFY_API_KEY is set, else SMTP or
the console). Text messages go only through Notify (NOTIFY_SMS_TEMPLATE_ID). A young person is contacted the way
they asked (``YoungPerson.contact_by``); when a text message cannot be sent (no phone number, or no Notify) they
are sent e-mail instead if they have an address, and the other way round. Everything not sent is logged with why.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Literal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from onramp.accounts.models import KeyContact, User
from onramp.core import crypto
from onramp.core.notify import sms_configured
from onramp.notifications import messages
from onramp.notifications.models import Channel, Notification, RecipientKind, Status, mask_email, mask_phone
from onramp.notifications.tasks import deliver
from onramp.participants.models import YoungPerson


@dataclass
class _Plan:
    channel: str
    to: str = ""
    status: str = Status.QUEUED
    reason: str = ""
    rows: list[Notification] = field(default_factory=list)


def _channels_wanted(young_person: YoungPerson | None, *, email: str, phone: str) -> list[str]:
    if young_person is not None:
        by: dict[str, list[str]] = {
            "email": [Channel.EMAIL],
            "sms": [Channel.SMS],
            "both": [Channel.EMAIL, Channel.SMS],
        }
        return by.get(young_person.contact_by, [Channel.EMAIL])
    wanted: list[str] = [Channel.EMAIL] if email or not phone else []
    return wanted + ([Channel.SMS] if phone else [])


def _plan(wanted: list[str], *, email: str, phone: str) -> list[_Plan]:
    """One entry per channel: sent (to an address), or not sent with why; a fallback where one is possible."""
    can_text = bool(phone) and sms_configured()
    plans: list[_Plan] = []
    for channel in wanted:
        if channel == Channel.SMS:
            if can_text:
                plans.append(_Plan(Channel.SMS, to=phone))
                continue
            why = "no phone number" if not phone else "no text message service"
            if Channel.EMAIL not in wanted and email:
                plans.append(_Plan(Channel.SMS, status=Status.NOT_SENT, reason=f"{why}: sent by email instead"))
                plans.append(_Plan(Channel.EMAIL, to=email))
            else:
                plans.append(_Plan(Channel.SMS, status=Status.NOT_SENT, reason=why))
        else:
            if email:
                plans.append(_Plan(Channel.EMAIL, to=email))
            elif Channel.SMS not in wanted and can_text:
                plans.append(
                    _Plan(
                        Channel.EMAIL, status=Status.NOT_SENT, reason="no email address: sent by text message instead"
                    )
                )
                plans.append(_Plan(Channel.SMS, to=phone))
            else:
                plans.append(_Plan(Channel.EMAIL, status=Status.NOT_SENT, reason="no email address"))
    return plans


def _recipient_key(
    young_person: YoungPerson | None, user: User | None, key_contact: KeyContact | None, email: str
) -> str:
    if young_person is not None:
        return f"young_person:{young_person.pk}"
    if user is not None:
        return f"user:{user.pk}"
    if key_contact is not None:
        return f"key_contact:{key_contact.pk}"
    return "address:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:20]


def notify(
    *,
    kind: str,
    context: dict[str, Any],
    young_person: YoungPerson | None = None,
    user: User | None = None,
    key_contact: KeyContact | None = None,
    email: str = "",
    phone: str = "",
    about: models.Model | None = None,
    once: Literal["ever", "day"] | None = None,
    today: datetime.date | None = None,
) -> list[Notification]:
    """Send the message ``kind`` (a key of ``messages.MESSAGES``) to one recipient and log it.

    The recipient is a young person (contacted as they asked), an account, a provider's key contact, or just an
    address. ``about`` is the record the message is about (an interview, a grant). With ``once``, a reminder is
    logged and sent only once for the same kind, record and recipient (``"ever"``) or once a day (``"day"``);
    a repeat returns no rows. Sending happens after the surrounding transaction commits."""
    context = {"programme": settings.PROGRAMME_NAME, **context}
    if young_person is not None:
        context.setdefault("name", young_person.given_name)
        email = email or young_person.email
        phone = phone or young_person.phone
        recipient_kind = RecipientKind.YOUNG_PERSON
    elif user is not None:
        email = email or user.email
        recipient_kind = RecipientKind.USER
    elif key_contact is not None:
        email = email or key_contact.email
        recipient_kind = RecipientKind.KEY_CONTACT
    else:
        recipient_kind = RecipientKind.ADDRESS
    email, phone = email.strip(), phone.strip()
    messages.render(kind, context)  # before anything is written: a missing placeholder is a bug
    log_kind = messages.KIND_OF[kind]

    if young_person is not None and young_person.erased_at is not None:
        plans = [_Plan(Channel.EMAIL, status=Status.NOT_SENT, reason="record erased")]
    else:
        plans = _plan(_channels_wanted(young_person, email=email, phone=phone), email=email, phone=phone)

    once_key = ""
    if once is not None:
        about_key = f"{about._meta.label_lower}:{about.pk}" if about is not None else "-"
        once_key = f"{log_kind}|{about_key}|{_recipient_key(young_person, user, key_contact, email)}"
        if once == "day":
            once_key += f"|{(today or timezone.localdate()).isoformat()}"
        if Notification.objects.filter(once_key=once_key).exists():
            return []

    about_type = ContentType.objects.get_for_model(about) if about is not None else None
    rows: list[Notification] = []
    try:
        with transaction.atomic():
            for plan in plans:
                address = plan.to or (email if plan.channel == Channel.EMAIL else phone)
                row = Notification.objects.create(
                    kind=log_kind,
                    channel=plan.channel,
                    recipient_kind=recipient_kind,
                    young_person=young_person,
                    user=user,
                    key_contact=key_contact,
                    address=(mask_email(address) if plan.channel == Channel.EMAIL else mask_phone(address))
                    if address
                    else "",
                    status=plan.status,
                    reason=plan.reason,
                    about_type=about_type,
                    about_id=str(about.pk) if about is not None else "",
                    once_key=once_key,
                    payload=_payload(kind, plan.to, context) if plan.status == Status.QUEUED else "",
                )
                rows.append(row)
                plan.rows.append(row)
    except IntegrityError:
        if not once_key:
            raise
        return []  # another run logged the same reminder a moment ago

    for plan in plans:
        if plan.status == Status.QUEUED:
            [row] = plan.rows
            # The task carries the row's id only: a finished task kept in the queue's table holds no address,
            # words or link (the row's encrypted payload is emptied once the message is sent).
            transaction.on_commit(partial(deliver.enqueue, notification_id=row.pk))
    return rows


def _payload(kind: str, to: str, context: dict[str, Any]) -> str:
    """What the worker needs to build the message when it sends it, encrypted: the address, the message and its
    placeholders' values (as the words will show them)."""
    values = {key: str(value) for key, value in context.items()}
    return crypto.encrypt(json.dumps({"message": kind, "to": to, "context": values}))


def send_sign_in_link(*, email: str, link: str, minutes: int) -> Notification:
    """E-mail a sign-in link to an address (the young person's portal calls this). The log keeps the masked
    address, never the link."""
    [row] = notify(kind="sign_in_link", email=email, context={"link": link, "minutes": minutes})
    return row
