from __future__ import annotations

from typing import Any

from django import forms

from onramp.core.forms import NHSDateField
from onramp.notifications.messages import KINDS
from onramp.notifications.models import Channel, Status


def _all(label: str, choices: Any) -> list[tuple[str, str]]:
    return [("", label), *list(choices)]


class LogFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Message", choices=_all("All messages", KINDS.items()), required=False)
    channel = forms.ChoiceField(
        label="Sent by", choices=_all("Email and text message", Channel.choices), required=False
    )
    status = forms.ChoiceField(label="Status", choices=_all("Any status", Status.choices), required=False)
    since = NHSDateField(label="From", required=False, help_text="For example, 1 3 2025")
    until = NHSDateField(label="To", required=False, help_text="For example, 31 3 2025")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", "To must be the same as or after From")
        return data
