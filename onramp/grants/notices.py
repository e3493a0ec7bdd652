"""Grants' messages: the young person is told of a decision on their grant. ``services.decide`` calls
``grant_decided`` inside its transaction; the message goes once it commits."""

from __future__ import annotations

from onramp.grants.models import Grant, GrantStatus
from onramp.notifications.services import notify
from onramp.notifications.wording import contact_for


def grant_decided(grant: Grant) -> None:
    """Tell the young person: approved with the amount, or declined with the reason the decider wrote for them."""
    approved = grant.status == GrantStatus.APPROVED
    context = {
        "amount": f"£{grant.amount:,.2f}".replace(".00", ""),
        "what": grant.get_category_display().lower(),
        "reason": grant.decision_note,
        "contact": contact_for(grant.young_person),
    }
    notify(
        kind="grant_approved" if approved else "grant_declined",
        young_person=grant.young_person,
        about=grant,
        context=context,
    )
