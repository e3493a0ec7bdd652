"""Small helpers every app's views share."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


def add_errors(form: Any, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: each message on its field, or on the form when the field
    is not one of the form's (so nothing a service refuses is lost from the page)."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)
