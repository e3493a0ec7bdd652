"""Evaluation pages: the programme dashboard (exact figures, for staff with evaluation rights), the funder
dashboard (published figures), the funder return (XLSX, CSV), the learning story (page, PDF) and social return
on investment. Thin: parse the period and scope, build one report, render."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from onramp.accounts import policy
from onramp.accounts.models import Organisation, Role, User
from onramp.accounts.policy import signed_in
from onramp.core.viewlog import log_view
from onramp.evaluation import charts, dashboard, rendered, returns, services, snapshots, sroi, story
from onramp.evaluation import report as report_module
from onramp.evaluation.definitions import DEFINITIONS
from onramp.evaluation.disclosure import primary
from onramp.evaluation.forms import LearningStoryForm, SroiConfigurationForm
from onramp.evaluation.models import SroiConfiguration
from onramp.evaluation.targets import phase_results
from onramp.participants import selectors as participant_selectors
from onramp.participants.models import Campaign, Programme
from onramp.participants.views import require


def _day(text: str | None, default: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text) if text else default
    except ValueError:
        return default


@dataclass(frozen=True)
class Scope:
    start: datetime.date
    end: datetime.date
    icbs: list[str] | None
    chosen: str
    choices: list[tuple[str, str]]
    words: str
    everywhere_label: str

    def query(self) -> str:
        return urlencode({"from": self.start.isoformat(), "to": self.end.isoformat(), "icb": self.chosen})


def _scope(request: HttpRequest, user: User, *, published: bool) -> Scope:
    """The period (default: the last four calendar years to today) and the ICB, from the query string (from a
    POST's fields for the refresh button). Exact figures for a regional lead are limited to their region's ICBs
    (and default to them); published figures may be national."""
    given = request.POST if request.method == "POST" else request.GET
    default_start, today = snapshots.default_period(timezone.localdate())
    start = _day(given.get("from"), default_start)
    end = _day(given.get("to"), today)
    if end < start:
        start, end = end, start
    regional = not published and user.role == Role.REGIONAL_LEAD
    icss = (
        Organisation.objects.filter(kind="ics") if published else policy.visible(user, Organisation).filter(kind="ics")
    )
    if regional:
        icss = icss.filter(region=user.region)
    choices = list(icss.order_by("name").values_list("code", "name"))
    codes = [code for code, _ in choices]
    chosen = given.get("icb", "")
    if chosen not in codes:
        chosen = ""
    icbs = [chosen] if chosen else (codes if regional else None)
    names = dict(choices)
    words = names.get(chosen, chosen) if chosen else ("your region" if regional else "national")
    return Scope(start, end, icbs, chosen, choices, words, "All in your region" if regional else "National")


def _require(request: HttpRequest, capability: str) -> User:
    user = signed_in(request)
    if not policy.allows(user, capability):
        raise PermissionDenied
    return user


def _key(scope: Scope, *, published: bool) -> snapshots.Key:
    return snapshots.Key.of(published=published, start=scope.start, end=scope.end, icbs=scope.icbs)


def _figures_html(found: snapshots.Current, scope: Scope) -> str:
    report = found.report
    context = {
        "report": report,
        "scope": scope,
        "bars": charts.funnel_bars(report.funnel),
        "spc": [
            {"series": series, "geometry": charts.spc_geometry(series.chart) if series.chart else None}
            for series in report.spc
        ],
    }
    return render_to_string("evaluation/_figures.jinja", context)


def _page(request: HttpRequest, found: snapshots.Current, scope: Scope, *, title: str) -> HttpResponse:
    figures = rendered.figures(found, scope.query(), lambda f: _figures_html(f, scope))
    return render(
        request,
        "evaluation/dashboard.jinja",
        {
            "figures": figures,
            "kind": report_module.kind(published=found.published),
            "published": found.published,
            "computed_at": timezone.localtime(found.computed_at),
            "refreshing": found.refreshing,
            "scope": scope,
            "title": title,
            "can_exact": policy.allows(request.user, "evaluation.exact"),
        },
    )


def _preparing(request: HttpRequest, scope: Scope, *, title: str, published: bool) -> HttpResponse:
    """Figures not stored yet for a programme too large to work them out while the page waits: they are queued."""
    context = {"scope": scope, "title": title, "published": published}
    return render(request, "evaluation/preparing.jinja", context, status=202)


def _with_figures(
    request: HttpRequest,
    scope: Scope,
    *,
    published: bool,
    title: str,
    respond: Callable[[snapshots.Current], HttpResponse],
) -> HttpResponse:
    """``respond`` with the stored figures for the scope, or the "being worked out" page. A snapshot refreshed
    between being looked up and being read is looked up again."""
    key = _key(scope, published=published)
    for _ in range(3):
        found = snapshots.current(key)
        if found is None:
            return _preparing(request, scope, title=title, published=published)
        try:
            return respond(found)
        except snapshots.Replaced:
            continue
    raise snapshots.Replaced


def programme_dashboard(request: HttpRequest) -> HttpResponse:
    user = _require(request, "evaluation.exact")
    scope = _scope(request, user, published=False)
    title = "Programme dashboard"
    return _with_figures(
        request, scope, published=False, title=title, respond=lambda found: _page(request, found, scope, title=title)
    )


def funder_dashboard(request: HttpRequest) -> HttpResponse:
    user = _require(request, "evaluation.published")
    scope = _scope(request, user, published=True)
    title = "Published figures"
    return _with_figures(
        request, scope, published=True, title=title, respond=lambda found: _page(request, found, scope, title=title)
    )


def refresh_figures(request: HttpRequest) -> HttpResponse:
    """POST only, staff with evaluation rights: queue a refresh of the figures of the dashboard the button is on
    (its period, scope and kind), audited, and go back to it."""
    user = _require(request, "evaluation.exact")
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    published = request.POST.get("figures") == "published"
    scope = _scope(request, user, published=published)
    if services.refresh_figures(actor=user, key=_key(scope, published=published)):
        messages.success(request, "The figures are being computed again. Reload this page in a minute or two.")
    else:
        messages.info(request, "The figures are already being computed again. Reload this page in a minute or two.")
    return redirect(f"{reverse('evaluation:funder' if published else 'evaluation:dashboard')}?{scope.query()}")


def funder_return(request: HttpRequest, fmt: str) -> HttpResponse:
    """The funder return as XLSX (a sheet per breakdown and a definitions sheet) or CSV (one long table).
    Published figures unless ``?exact=1`` from someone with evaluation rights."""
    if fmt not in {"xlsx", "csv"}:
        raise Http404
    exact = request.GET.get("exact") == "1"
    user = _require(request, "evaluation.exact" if exact else "evaluation.published")
    scope = _scope(request, user, published=not exact)
    return _with_figures(
        request,
        scope,
        published=not exact,
        title="Funder return",
        respond=lambda found: _funder_return(request, found, scope, fmt=fmt, exact=exact),  # the dashboard's figures
    )


def _funder_return(
    request: HttpRequest, found: snapshots.Current, scope: Scope, *, fmt: str, exact: bool
) -> HttpResponse:
    report = found.report
    name = f"onramp-funder-return-{scope.start.isoformat()}-to-{scope.end.isoformat()}" + ("-exact" if exact else "")
    if fmt == "xlsx":
        body = returns.xlsx(report, scope_words=scope.words, computed_at=found.computed_at)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = returns.csv_text(report, scope_words=scope.words).encode("utf-8-sig")
        content_type = "text/csv; charset=utf-8"
    log_view(
        request,
        what="funder return",
        action="export.downloaded",
        detail={
            "export": f"funder return ({fmt})",
            "figures": "exact" if exact else "published",
            "from": scope.start.isoformat(),
            "to": scope.end.isoformat(),
            "icb": scope.icbs,
        },
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


# --- the learning story --------------------------------------------------------------------------------


def _programme(request: HttpRequest) -> Programme:
    programmes = Programme.objects.order_by("name")
    chosen = request.GET.get("programme", "")
    found = programmes.filter(pk=chosen).first() if chosen.isdigit() else None
    found = found or programmes.first()
    if found is None:
        raise Http404("There is no programme yet.")
    return found


def learning_story(request: HttpRequest) -> HttpResponse:
    user = _require(request, "evaluation.published")
    scope = _scope(request, user, published=True)
    programme = _programme(request)
    found = story.build(programme=programme, start=scope.start, end=scope.end, icbs=scope.icbs, scope_words=scope.words)
    return render(
        request,
        "evaluation/learning_story.jinja",
        {
            "story": found,
            "scope": scope,
            "programmes": Programme.objects.order_by("name"),
            "definitions": dict(DEFINITIONS),
            "can_edit": policy.allows(user, "evaluation.exact"),
        },
    )


def learning_story_pdf(request: HttpRequest) -> HttpResponse:
    user = _require(request, "evaluation.published")
    scope = _scope(request, user, published=True)
    programme = _programme(request)
    found = story.build(programme=programme, start=scope.start, end=scope.end, icbs=scope.icbs, scope_words=scope.words)
    log_view(
        request,
        what="learning story",
        target=programme,
        action="export.downloaded",
        detail={"export": "learning story (PDF)", "from": scope.start.isoformat(), "to": scope.end.isoformat()},
    )
    response = HttpResponse(story.pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="learning-story-{programme.pk}-{scope.end.isoformat()}.pdf"'
    )
    return response


def learning_story_edit(request: HttpRequest, programme_pk: int) -> HttpResponse:
    user = _require(request, "evaluation.exact")
    programme = get_object_or_404(Programme, pk=programme_pk)
    form = LearningStoryForm(request.POST or None, instance=story.words_for(programme))
    if request.method == "POST" and form.is_valid():
        services.save_learning_story(
            actor=user, programme=programme, **{field: form.cleaned_data[field] for field in services.STORY_FIELDS}
        )
        messages.success(request, "The learning story has been saved.")
        return redirect(f"{reverse('evaluation:learning-story')}?programme={programme.pk}")
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "heading": "Edit the learning story",
            "caption": programme.name,
            "back_href": f"{reverse('evaluation:learning-story')}?programme={programme.pk}",
            "button_text": "Save the learning story",
        },
    )


# --- social return on investment -----------------------------------------------------------------------


def sroi_page(request: HttpRequest) -> HttpResponse:
    user = _require(request, "evaluation.exact")
    scope = _scope(request, user, published=False)
    configurations = list(SroiConfiguration.objects.all())
    chosen = request.GET.get("config", "")
    configuration = next(
        (c for c in configurations if str(c.pk) == chosen), configurations[0] if configurations else None
    )
    result, chart, warnings = None, None, []
    if configuration is not None:
        config = sroi.parse_config(configuration.config)
        result = sroi.for_period(config, start=scope.start, end=scope.end, icbs=scope.icbs)
        chart = charts.tornado(result["sensitivity"], result["ratio"])
        warnings = sroi.warnings(config)
    return render(
        request,
        "evaluation/sroi.jinja",
        {
            "scope": scope,
            "configurations": configurations,
            "configuration": configuration,
            "result": result,
            "chart": chart,
            "warnings": warnings,
        },
    )


def sroi_new(request: HttpRequest) -> HttpResponse:
    user = _require(request, "evaluation.exact")
    starting = sroi.starting_point()
    form = SroiConfigurationForm(
        request.POST or None,
        initial={
            "discount_rate": starting["discount_rate"],
            "outcomes": json.dumps(starting["outcomes"], indent=2, ensure_ascii=False),
            "provenance": starting["provenance"],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = services.create_sroi_configuration(
                actor=user,
                name=form.cleaned_data["name"],
                config=form.cleaned_data["config"],
                provenance=form.cleaned_data["provenance"],
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, f"{item.name} has been added.")
            return redirect(f"{reverse('evaluation:sroi')}?config={item.pk}")
    return render(
        request,
        "evaluation/sroi_form.jinja",
        {
            "form": form,
            "heading": "Add an SROI configuration",
            "back_href": reverse("evaluation:sroi"),
            "button_text": "Add the configuration",
        },
    )


# --- a programme's and a campaign's results ------------------------------------------------------------


def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A programme, its phases and each target with its result so far (published figures unless exact)."""
    require(request, "programmes.view")
    programme = get_object_or_404(participant_selectors.programmes(), pk=pk)
    exact = policy.allows(request.user, "evaluation.exact")
    results = {
        result.phase.pk: result
        for result in phase_results(
            as_of=timezone.localdate(), icbs=None, published=not exact, programme_id=programme.pk
        )
    }
    return render(
        request,
        "evaluation/programme_detail.jinja",
        {
            "programme": programme,
            "phases": [
                (phase, {item.target.pk: item for item in results[phase.pk].results} if phase.pk in results else {})
                for phase in programme.phases.prefetch_related("targets")
            ],
            "exact": exact,
            "can_manage": policy.allows(request.user, "programmes.manage"),
        },
    )


def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A recruitment campaign and the funnel of the young people it brought in."""
    require(request, "campaigns.view")
    campaign = get_object_or_404(Campaign.objects.select_related("provider", "ics", "programme"), pk=pk)
    today = timezone.localdate()
    steps = dashboard.funnel(start=datetime.date.min, end=today, as_of=today, icbs=None, campaign_id=campaign.pk)
    exact = policy.allows(request.user, "evaluation.exact")
    if not exact:  # coordinators see campaign funnels as published figures: small counts hidden
        steps = [
            dashboard.FunnelStep(s.key, s.label, None, None, None) if s.count and primary(s.count) else s for s in steps
        ]
    return render(
        request,
        "evaluation/campaign_detail.jinja",
        {
            "campaign": campaign,
            "steps": steps,
            "bars": charts.funnel_bars(steps),
            "exact": exact,
            "can_manage": policy.allows(request.user, "campaigns.manage"),
        },
    )
