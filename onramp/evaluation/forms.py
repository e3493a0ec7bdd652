from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django import forms

from onramp.evaluation import sroi
from onramp.evaluation.models import LearningStory


class LearningStoryForm(forms.ModelForm[LearningStory]):
    class Meta:
        model = LearningStory
        fields = ["title", "purpose", "delivery", "lessons", "next_steps"]
        labels = {
            "purpose": "What was the purpose of the partnership?",
            "delivery": "What has the work involved?",
            "lessons": "What are the lessons learned?",
            "next_steps": "What is the next chapter?",
        }
        help_texts = {
            "purpose": "Leave a blank line between paragraphs.",
            "delivery": "The figures of what was delivered are added from live data.",
            "lessons": "One lesson a paragraph, with a blank line between them.",
            "next_steps": "",
        }
        error_messages = {
            "title": {"required": "Enter a title"},
            "purpose": {"required": "Say what the purpose of the partnership was"},
        }
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in ["purpose", "delivery", "lessons", "next_steps"]}


class SroiConfigurationForm(forms.Form):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter a name for the configuration"})
    investment = forms.DecimalField(
        label="Investment (£)",
        min_value=Decimal("0.01"),
        max_digits=14,
        decimal_places=2,
        help_text="The public spending the return is measured against, in pounds.",
        error_messages={
            "required": "Enter the investment in pounds",
            "invalid": "Enter the investment as a number of pounds, like 1250000",
            "min_value": "The investment must be more than £0",
        },
    )
    discount_rate = forms.DecimalField(
        label="Discount rate",
        initial=Decimal("0.035"),
        min_value=Decimal("0"),
        max_value=Decimal("0.99"),
        decimal_places=4,
        help_text="A fraction: 0.035 is the HM Treasury Green Book's 3.5%.",
        error_messages={"required": "Enter the discount rate, like 0.035"},
    )
    outcomes = forms.CharField(
        label="Outcomes (JSON)",
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "false"}),
        help_text="A JSON list of outcomes, each with name, quantity or quantity_metric, value_per_year, "
        "duration_years, deadweight, attribution, displacement, drop_off and source.",
        error_messages={"required": "Enter the outcomes"},
    )
    provenance = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Where the investment and each value come from, their price year, and who checked them.",
        error_messages={"required": "Say where the figures come from"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        try:
            outcomes = json.loads(cleaned["outcomes"])
        except json.JSONDecodeError as error:
            self.add_error(
                "outcomes", f"The outcomes are not valid JSON: line {error.lineno}, column {error.colno}: {error.msg}"
            )
            return cleaned
        config = {
            "investment": float(cleaned["investment"]),
            "discount_rate": float(cleaned["discount_rate"]),
            "outcomes": outcomes,
        }
        try:
            sroi.parse_config(config)
        except sroi.ConfigError as error:
            for message in error.errors:
                field = message.split(":", 1)[0].split(".", 1)[0].split("[", 1)[0]
                self.add_error(field if field in {"investment", "discount_rate"} else "outcomes", message)
            return cleaned
        cleaned["config"] = config
        return cleaned
