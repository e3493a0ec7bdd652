"""The log of messages sent: who was sent what kind of message, how, when, and whether it went.

It never holds a message's words once it is sent. While a message waits for the worker, its row holds what is
needed to build it (the address and the placeholders' values, which may include a sign-in link) encrypted under
ENCRYPTION_KEYS in ``payload``; the task itself carries only the row's id, and the payload is emptied as soon as the
message is sent or fails. The recipient is a link to their record where there is one (a young person, an
account, a provider's key contact) and the address masked (``a***@example.org``, ``*******123``): enough to see
which address a message went to, without the log becoming a second copy of everyone's contact details.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from onramp.notifications.messages import KINDS


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"


class RecipientKind(models.TextChoices):
    YOUNG_PERSON = "young_person", "Young person"
    USER = "user", "Account holder"
    KEY_CONTACT = "key_contact", "Key contact"
    ADDRESS = "address", "Address only"


class Status(models.TextChoices):
    QUEUED = "queued", "Waiting to send"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    NOT_SENT = "not_sent", "Not sent"


class Notification(models.Model):
    kind = models.CharField(max_length=40, choices=list(KINDS.items()), db_index=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    recipient_kind = models.CharField(max_length=20, choices=RecipientKind.choices)
    young_person = models.ForeignKey(
        "participants.YoungPerson", on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )
    key_contact = models.ForeignKey(
        "accounts.KeyContact", on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )
    address = models.CharField(max_length=200, blank=True, help_text="Masked: a***@example.org or *******123.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED, db_index=True)
    reason = models.CharField(max_length=200, blank=True, help_text="Why it failed or was not sent; no personal data.")
    provider_reference = models.CharField(max_length=100, blank=True, help_text="GOV.UK Notify's notification id.")
    about_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    about_id = models.CharField(max_length=40, blank=True)
    once_key = models.CharField(
        max_length=200,
        blank=True,
        help_text="Set for reminders: the same reminder (kind, subject, recipient, and day for daily ones) is "
        "logged, and sent, only once.",
    )
    payload = models.TextField(
        blank=True,
        help_text="Only while waiting to send: the address and the message's placeholders, encrypted; emptied once "
        "it is sent or fails.",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["once_key", "channel"], condition=~models.Q(once_key=""), name="notification_once_per_channel"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.get_channel_display().lower()} to {self.recipient_label}"

    @property
    def recipient_label(self) -> str:
        """Who it went to, as the log page shows it."""
        if self.young_person_id is not None and self.young_person is not None:
            return str(self.young_person.full_name)
        if self.user is not None:
            return self.user.get_full_name() or self.user.username
        if self.key_contact is not None:
            return f"{self.key_contact.name} ({self.key_contact.organisation.name})"
        return self.address or self.get_recipient_kind_display()

    @property
    def about_label(self) -> str:
        if self.about_type is None:
            return ""
        return f"{str(self.about_type.model_class()._meta.verbose_name).capitalize()} {self.about_id}"  # type: ignore[union-attr]


def mask_email(address: str) -> str:
    local, _, domain = address.strip().partition("@")
    if not domain:
        return "***"
    return f"{local[:1]}***@{domain}"


def mask_phone(number: str) -> str:
    digits = "".join(ch for ch in number if ch.isdigit())
    return "*" * max(len(digits) - 3, 0) + digits[-3:]
