"""One form renderer for the whole site.

``{{ form }}`` in any template renders the NHS error summary (when the form has
errors) and every field through the NHS.UK frontend macro that fits its widget,
with the field's error shown inline. Templates never write error markup.

``component(bound_field)`` decides which macro and which parameters; the
template ``forms/form.jinja`` only calls the macro it names.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input


class NHSFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.jinja"
    field_template_name = "forms/field.jinja"


class NHSDateWidget(forms.MultiWidget):
    """Day, month and year boxes, as the NHS date input pattern asks."""

    template_name = "forms/field.jinja"  # never used: the renderer draws it with the dateInput macro

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            widgets={"day": forms.TextInput(), "month": forms.TextInput(), "year": forms.TextInput()}, attrs=attrs
        )

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class NHSDateField(forms.MultiValueField):
    """A date typed as day, month and year, with the NHS pattern's error messages."""

    widget = NHSDateWidget

    def __init__(self, **kwargs: Any) -> None:
        error_messages = {
            "required": "Enter {label}",
            "incomplete": "{label} must include a day, month and year",
            "invalid": "{label} must be a real date",
        }
        self.label_for_errors = kwargs.get("label", "the date")
        super().__init__(
            fields=(forms.CharField(), forms.CharField(), forms.CharField()),
            require_all_fields=False,
            error_messages=kwargs.pop("error_messages", None) or {},
            **kwargs,
        )
        self._messages = error_messages

    def _say(self, key: str) -> str:
        label = str(self.label or self.label_for_errors)
        text = self._messages[key].format(label=label.lower())
        return text[0].upper() + text[1:]

    def clean(self, value: Any) -> datetime.date | None:
        parts = [str(part).strip() if part is not None else "" for part in (value or ["", "", ""])]
        if not any(parts):
            if self.required:
                raise forms.ValidationError(self._say("required"), code="required")
            return None
        if not all(parts):
            raise forms.ValidationError(self._say("incomplete"), code="incomplete")
        try:
            day, month, year = (int(part) for part in parts)
            if year < 1000:
                raise ValueError
            return datetime.date(year, month, day)
        except (ValueError, OverflowError):
            raise forms.ValidationError(self._say("invalid"), code="invalid") from None

    def compress(self, data_list: list[Any]) -> Any:  # pragma: no cover - clean() is overridden
        return data_list


INPUT_TYPES = {"text", "email", "number", "url", "tel", "search"}


def _errors(bound_field: forms.BoundField) -> dict[str, str] | None:
    if not bound_field.errors:
        return None
    return {"text": " ".join(str(error) for error in bound_field.errors)}


def _hint(bound_field: forms.BoundField) -> dict[str, str] | None:
    return {"text": str(bound_field.help_text)} if bound_field.help_text else None


def _choices(bound_field: forms.BoundField) -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in bound_field.field.choices]  # type: ignore[attr-defined]


def _selected(bound_field: forms.BoundField) -> set[str]:
    value = bound_field.value()
    if value is None:
        return set()
    if isinstance(value, (list, tuple)):
        return {str(item) for item in value}
    return {str(value)}


def error_href(bound_field: forms.BoundField) -> str:
    """Where the error summary's link for this field should take the reader."""
    widget = bound_field.field.widget
    if isinstance(widget, NHSDateWidget):
        return f"#{bound_field.auto_id}-day"
    return f"#{bound_field.auto_id}"


def component(bound_field: forms.BoundField) -> tuple[str, dict[str, Any]]:
    """The NHS.UK frontend macro for this field and the parameters to call it with."""
    widget = bound_field.field.widget
    attrs = dict(widget.attrs)
    label = {"text": str(bound_field.label)}
    common: dict[str, Any] = {"hint": _hint(bound_field), "errorMessage": _errors(bound_field)}
    if isinstance(widget, forms.HiddenInput):
        return "hidden", {"name": bound_field.html_name, "value": bound_field.value() or ""}
    if isinstance(widget, NHSDateWidget):
        value = bound_field.value()
        parts: tuple[Any, Any, Any] = (None, None, None)
        if isinstance(value, datetime.date):
            parts = (value.day, value.month, value.year)
        elif isinstance(value, (list, tuple)) and len(value) == 3:
            parts = (value[0], value[1], value[2])
        name = bound_field.html_name
        has_error = bool(bound_field.errors)
        items = [
            {
                "name": f"{name}_{part}",
                "id": f"{bound_field.auto_id}-{part}",
                "label": part.capitalize(),
                "value": "" if val is None else val,
                "width": 4 if part == "year" else 2,
                "classes": "nhsuk-input--error" if has_error else "",
            }
            for part, val in zip(("day", "month", "year"), parts, strict=True)
        ]
        return "dateInput", common | {
            "id": bound_field.auto_id,
            "fieldset": {"legend": {"text": str(bound_field.label), "size": "s"}},
            "items": items,
        }
    if isinstance(widget, forms.CheckboxSelectMultiple):
        selected = _selected(bound_field)
        return "checkboxes", common | {
            "idPrefix": bound_field.auto_id,
            "name": bound_field.html_name,
            "fieldset": {"legend": {"text": str(bound_field.label), "size": "s"}},
            "items": [{"value": v, "text": t, "checked": v in selected} for v, t in _choices(bound_field)],
        }
    if isinstance(widget, forms.RadioSelect):
        selected = _selected(bound_field)
        return "radios", common | {
            "idPrefix": bound_field.auto_id,
            "name": bound_field.html_name,
            "fieldset": {"legend": {"text": str(bound_field.label), "size": "s"}},
            "items": [{"value": v, "text": t, "checked": v in selected} for v, t in _choices(bound_field) if v != ""],
            "classes": attrs.get("class", ""),
        }
    if isinstance(widget, forms.CheckboxInput):
        return "checkboxes", common | {
            "idPrefix": bound_field.auto_id,
            "name": bound_field.html_name,
            "items": [{"value": "on", "text": str(bound_field.label), "checked": bool(bound_field.value())}],
        }
    if isinstance(widget, forms.Select):
        selected = _selected(bound_field)
        return "select", common | {
            "id": bound_field.auto_id,
            "name": bound_field.html_name,
            "label": label,
            "items": [{"value": v, "text": t, "selected": v in selected} for v, t in _choices(bound_field)],
        }
    if isinstance(widget, forms.FileInput):
        return "fileUpload", common | {
            "id": bound_field.auto_id,
            "name": bound_field.html_name,
            "label": label,
            "attributes": {"accept": attrs["accept"]} if "accept" in attrs else None,
        }
    if isinstance(widget, forms.Textarea):
        return "textarea", common | {
            "id": bound_field.auto_id,
            "name": bound_field.html_name,
            "label": label,
            "value": bound_field.value() or "",
            "rows": attrs.get("rows", 5),
        }
    if isinstance(widget, forms.PasswordInput):
        return "passwordInput", common | {
            "id": bound_field.auto_id,
            "name": bound_field.html_name,
            "label": label,
            "autocomplete": attrs.get("autocomplete", "current-password"),
        }
    if isinstance(widget, Input) and widget.input_type in INPUT_TYPES:
        value = bound_field.value()
        return "input", common | {
            "id": bound_field.auto_id,
            "name": bound_field.html_name,
            "label": label,
            "type": widget.input_type,
            "value": "" if value is None else value,
            "autocomplete": attrs.get("autocomplete"),
            "spellcheck": attrs.get("spellcheck"),
            "classes": attrs.get("class", ""),
            "inputmode": attrs.get("inputmode"),
        }
    raise TypeError(f"The NHS form renderer has no component for {type(widget).__name__}.")


def error_summary(form: forms.BaseForm) -> list[dict[str, str]]:
    """The error summary's list: non-field errors first, then each field's, in the form's order."""
    items = [{"text": str(error)} for error in form.non_field_errors()]
    for bound_field in form:
        for error in bound_field.errors:
            items.append({"text": str(error), "href": error_href(bound_field)})
    return items


class AuditFilterForm(forms.Form):
    """The audit trail's filters. Anything that does not parse is named on the page and left out of the filter."""

    action = forms.CharField(required=False)
    actor = forms.CharField(required=False, max_length=100, strip=True)
    record = forms.CharField(required=False, max_length=100, strip=True)
    target = forms.CharField(required=False, max_length=170)
    date_from = forms.DateField(
        required=False, error_messages={"invalid": "The start date must be a real date, like 2026-11-30"}
    )
    date_to = forms.DateField(
        required=False, error_messages={"invalid": "The end date must be a real date, like 2026-11-30"}
    )

    def __init__(self, data: Any, *, actions: dict[str, str]) -> None:
        super().__init__(data)
        self.actions = actions

    def clean_action(self) -> str:
        action: str = self.cleaned_data["action"]
        return action if action in self.actions else ""

    def clean_target(self) -> str:
        """One record, as ``app.model:id``, from a record page's link; anything else is ignored."""
        target: str = self.cleaned_data["target"]
        return target if re.fullmatch(r"[a-z_]+\.[a-z_]+:[\w-]{1,64}", target) else ""

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return cleaned

    def filters(self) -> dict[str, Any]:
        """The filters that parsed, for ``selectors.audit_entries``."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        target = data.pop("target", "")
        filters: dict[str, Any] = {key: value for key, value in data.items() if value}
        if target:
            kind, _, pk = target.partition(":")
            filters["target"] = (kind, pk)
        return filters
