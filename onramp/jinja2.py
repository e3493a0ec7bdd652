"""The Jinja2 environment: NHS.UK frontend macros plus Onramp's own helpers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from onramp.core import forms as nhs_forms
from onramp.journey.models import stage_label


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def local_datetime(value: Any, fmt: str = "%-d %B %Y at %-I:%M%p") -> str:
    if value is None:
        return ""
    text = timezone.localtime(value).strftime(fmt)
    return text.replace("AM", "am").replace("PM", "pm")


def long_date(value: Any) -> str:
    return "" if value is None else value.strftime("%-d %B %Y")


def count(value: Any) -> str:
    """A count with thousands separators; "hidden" for a figure withheld by disclosure control."""
    return "hidden" if value is None else f"{value:,}"


def percent(value: Any, missing: str = "no rate") -> str:
    return missing if value is None else f"{value:.1%}"


def environment(**options: Any) -> Environment:
    loader = options.pop("loader", None)
    loaders = [PackageLoader("nhsuk_frontend_jinja")]
    if loader is not None:
        loaders.insert(0, loader)
    options["undefined"] = ChainableUndefined  # the NHS.UK macros rely on it
    options["autoescape"] = True
    env = Environment(loader=ChoiceLoader(loaders), **options)
    env.globals.update(
        {
            "static": static,
            "url": url,
            "get_messages": get_messages,
            "nhs_component": nhs_forms.component,
            "nhs_error_summary": nhs_forms.error_summary,
            "programme_name": settings.PROGRAMME_NAME,
            "stage_label": stage_label,
        }
    )
    env.filters.update({"local_datetime": local_datetime, "long_date": long_date, "count": count, "percent": percent})
    return env
