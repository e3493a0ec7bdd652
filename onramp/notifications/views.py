"""The log of messages sent. Thin: parse the filters, call the selector, audit the view, render."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from onramp.accounts import policy
from onramp.accounts.policy import signed_in
from onramp.core.viewlog import log_view
from onramp.notifications import selectors
from onramp.notifications.forms import LogFilterForm


def log(request: HttpRequest) -> HttpResponse:
    if not policy.allows(request.user, "notifications.view"):
        raise PermissionDenied
    user = signed_in(request)
    form = LogFilterForm(request.GET if request.GET.keys() - {"page"} else None)
    filters = dict(form.cleaned_data) if form.is_bound and form.is_valid() else {}
    rows = selectors.log(user=user, **filters)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    # The filters are choices and dates, never free text: their values are kept (none can be a name).
    log_view(
        request,
        what="messages sent",
        ids=dict.fromkeys(row.young_person_id for row in page.object_list if row.young_person_id),
        count=page.paginator.count,
        action="notifications.viewed",
        detail={name: str(value) for name, value in filters.items() if value},
    )
    return render(request, "notifications/log.jinja", {"form": form, "page": page})
