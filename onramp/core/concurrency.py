"""Optimistic locking: two people editing the same record never silently overwrite each other.

A record people edit carries a ``version``. An edit form sends back the version it was shown; the service moves
the record on to its next version only if it is still at that one (one conditional UPDATE, atomic on PostgreSQL
and SQLite alike) and otherwise refuses with ``EditConflict``. The page then shows the record as saved now, the
changes that were not saved, and asks for them again. Every change through a service moves the version on, so a
form opened before any change (an import, the young person's own page, an erasure) conflicts too.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

CONFLICT_MESSAGE = (
    "Someone else changed this record while you were editing it. Their changes have been saved and are shown "
    "below: check their changes and make yours again."
)


class EditConflict(ValidationError):
    def __init__(self, message: str = CONFLICT_MESSAGE) -> None:
        super().__init__(message, code="conflict")


def next_version(instance: models.Model, expected: int | None = None) -> None:
    """Move ``instance`` on to its next version: only if it is still at ``expected`` (when given), else raise
    ``EditConflict``. Call it inside the transaction that saves the change, before saving."""
    model = type(instance)
    rows = model._default_manager.filter(pk=instance.pk)
    if expected is not None:
        rows = rows.filter(version=expected)
    if not rows.update(version=models.F("version") + 1):
        raise EditConflict()
    instance.version = model._default_manager.filter(pk=instance.pk).values_list("version", flat=True).get()  # type: ignore[attr-defined]


class VersionField(forms.IntegerField):
    """The version an edit form was shown, sent back hidden."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(widget=forms.HiddenInput, required=False, min_value=1, **kwargs)


def _shown(field: forms.Field, value: Any) -> str:
    if value in (None, "", [], ()):
        return "(left blank)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, models.QuerySet | list | tuple | set):
        return ", ".join(_shown(field, item) for item in value)
    choices = getattr(field, "choices", None)
    if choices is not None and not isinstance(field, forms.ModelChoiceField):
        return str(dict((str(key), label) for key, label in choices).get(str(value), value))
    return str(value)


def _same(typed: Any, saved: Any) -> bool:
    if isinstance(typed, models.QuerySet | list | tuple | set) or isinstance(saved, Iterable | models.Manager):
        if isinstance(saved, models.Manager):
            saved = saved.all()
        if not isinstance(saved, str) and not isinstance(typed, str):
            return {getattr(item, "pk", item) for item in typed} == {getattr(item, "pk", item) for item in saved}
    return (typed if typed is not None else "") == (saved if saved is not None else "")


def unsaved_changes(form: forms.Form, saved: Mapping[str, Any]) -> list[tuple[str, str]]:
    """What was typed into ``form`` that differs from the record as saved now, as (label, value) rows: shown
    after a conflict so that nothing typed is lost."""
    rows = []
    for name, value in getattr(form, "cleaned_data", {}).items():
        if name == "version" or name not in saved or _same(value, saved[name]):
            continue
        field = form.fields[name]
        rows.append((str(field.label or name.replace("_", " ").capitalize()), _shown(field, value)))
    return rows


def conflicted[F: forms.Form](form_class: type[F], *, initial: dict[str, Any], **kwargs: Any) -> F:
    """A fresh form showing the record as saved now, with the conflict message."""
    form = form_class(initial=initial, **kwargs)
    form.cleaned_data = {}  # unbound: nothing typed yet, one error to show
    form.add_error(None, CONFLICT_MESSAGE)
    return form
