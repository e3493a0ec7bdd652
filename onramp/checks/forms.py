from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from onramp.checks.models import NEXT_STATUS, Actor, CheckStatus, DbsLevel, PreEmploymentCheck
from onramp.core.forms import NHSDateField


class CheckForm(forms.Form):
    status = forms.ChoiceField(widget=forms.RadioSelect, error_messages={"required": "Choose the new status"})
    on = NHSDateField(label="Date")
    acted_on_by = forms.ChoiceField(label="Who acts next", choices=Actor.choices, widget=forms.RadioSelect)
    evidence = forms.CharField(
        label="Evidence seen (optional)",
        max_length=300,
        required=False,
        help_text="What you saw, for example a passport or a share code. Do not upload or keep copies.",
    )
    dbs_level = forms.ChoiceField(
        label="DBS level", choices=[("", "Not applicable"), *DbsLevel.choices], required=False
    )
    barred_lists = forms.BooleanField(label="Barred lists checked", required=False)
    blockers = forms.CharField(label="What is holding it up (optional)", max_length=300, required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, check: PreEmploymentCheck, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "status": check.status,
                "on": timezone.localdate(),
                "acted_on_by": check.acted_on_by,
                "dbs_level": check.dbs_level,
                "barred_lists": check.barred_lists,
                "blockers": check.blockers,
                "notes": check.notes,
            },
        )
        super().__init__(*args, **kwargs)
        allowed = [check.status, *sorted(NEXT_STATUS[check.status])]
        self.fields["status"].choices = [(s, CheckStatus(s).label) for s in allowed]  # type: ignore[attr-defined]
        if check.kind != "criminal_record":
            del self.fields["dbs_level"]
            del self.fields["barred_lists"]


class DoneForm(forms.Form):
    done_on = NHSDateField(label="Date done")


class StartForm(forms.Form):
    started_on = NHSDateField(label="First day at work")
    reason = forms.CharField(
        label="If not every check is cleared or onboarding task done, why are they starting now?",
        max_length=300,
        required=False,
    )


class OnboardingTemplateForm(forms.Form):
    tasks = forms.CharField(
        label="Usual onboarding tasks",
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        help_text="One task a line: what | who (provider, charity or young_person) | days before the start. "
        "For example: ID badge | provider | 3",
        error_messages={"required": "Enter at least one task"},
    )
