"""The programme dashboard: exact figures for staff with evaluation rights, each chart with its table."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from onramp.accounts import policy
from onramp.accounts.models import Organisation, Role
from onramp.accounts.policy import signed_in
from onramp.evaluation import charts, dashboard
from onramp.evaluation.headline import headline
from onramp.evaluation.statistics import wilson
from onramp.participants.models import EventType


def _day(text: str | None, default: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text) if text else default
    except ValueError:
        return default


def programme_dashboard(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    if not policy.allows(user, "evaluation.exact"):
        raise PermissionDenied
    today = timezone.localdate()
    start = _day(request.GET.get("from"), datetime.date(today.year - 4, 1, 1))
    end = _day(request.GET.get("to"), today)
    if end < start:
        start, end = end, start
    icss = policy.visible(user, Organisation).filter(kind="ics")
    if user.role == Role.REGIONAL_LEAD:
        icss = icss.filter(region=user.region)
    choices = list(icss.order_by("name").values_list("code", "name"))
    chosen = request.GET.get("icb", "")
    codes = [code for code, _ in choices]
    if chosen and chosen not in codes:
        chosen = ""
    icbs: list[str] | None = [chosen] if chosen else (codes if user.role == Role.REGIONAL_LEAD else None)
    report = headline(start=start, end=end, icbs=icbs)
    shares = []
    for key, label in [
        ("offered_hca_or_care_worker", "Offers as healthcare assistant or care worker"),
        ("ethnic_minority", "Supported from ethnic minority backgrounds"),
        ("non_white", "Supported from outside the White groups"),
        ("imd_quintile_1_starters", "Starters living in the most deprived fifth of areas"),
        ("retained_3_months", "Starters still in post after 3 months"),
    ]:
        figure = report["metrics"][key]
        shares.append(
            {"key": key, "label": label, **figure, "interval": wilson(figure["numerator"], figure["denominator"])}
        )
    steps = dashboard.funnel(start=start, end=end, as_of=end, icbs=icbs)
    spc = []
    for event_type, title in [
        (EventType.JOB_OFFERED, "Young people offered jobs each month"),
        (EventType.STARTED_WORK, "Young people starting work each month"),
    ]:
        chart = dashboard.spc_chart(event_type=event_type, start=start, end=end, icbs=icbs)
        if chart is not None:
            spc.append({"title": title, "chart": chart, "geometry": charts.spc_geometry(chart), "id": event_type})
    return render(
        request,
        "evaluation/dashboard.jinja",
        {
            "report": report,
            "shares": shares,
            "steps": steps,
            "bars": charts.funnel_bars(steps),
            "spc": spc,
            "start": start,
            "end": end,
            "chosen": chosen,
            "choices": choices,
            "scope_words": chosen or ("your region" if user.role == Role.REGIONAL_LEAD else "national"),
        },
    )
