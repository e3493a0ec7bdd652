"""Checks' reactions to milestones of earlier stages (``journey.reactions``)."""

from __future__ import annotations

from onramp.checks import services
from onramp.journey.models import EventType
from onramp.journey.reactions import Occurrence, reacts_to
from onramp.recruitment.models import Offer, OfferStatus


@reacts_to(
    EventType.OFFER_ACCEPTED,
    order=10,
    summary="an offer accepted: the six pre-employment checks and the provider's onboarding tasks are opened",
)
def open_checks(occurrence: Occurrence) -> None:
    """For the offer the recruitment service accepted; an acceptance recorded elsewhere (the record page, an
    import, the API) opens the checks of the person's accepted offer with that employer, if there is one."""
    offer = occurrence.subject if isinstance(occurrence.subject, Offer) else None
    if offer is None:
        event = occurrence.event
        offer = (
            Offer.objects.filter(
                application__young_person=event.young_person,
                application__vacancy__provider=event.organisation,
                status=OfferStatus.ACCEPTED,
            )
            .order_by("-answered_on", "-pk")
            .first()
            if event.organisation_id
            else None
        )
    if offer is not None:
        services.open_checks(actor=occurrence.actor, offer=offer)
