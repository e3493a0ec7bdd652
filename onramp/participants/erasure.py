"""Erasure and retention: personal details removed, the journey kept pseudonymised, so that figures for past
periods do not change.

Kept: the record's number, programme, ICS and area (2011/2021 LSOA, ICB, deprivation) but not the postcode;
ethnic group and sex (the figures use them); the year of birth (as 1 July, so age bands stay within months);
the registration date; every journey event (without free text); yes/no survey answers. Removed: names, date of
birth, contact details, postcode, partner reference, gender identity, disability, care-leaver status, the
sign-in account link, the (masked) addresses in the log of messages sent to them, and free text wherever it
is kept about them.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from onramp.core import audit
from onramp.core.concurrency import next_version
from onramp.journey.models import JourneyEvent
from onramp.participants.models import ContactBy, SurveyResponse, YoungPerson


@transaction.atomic
def erase(*, actor: object, person: YoungPerson, reason: str) -> YoungPerson:
    """Pseudonymise one young person. Idempotent."""
    from onramp.grants.models import Grant
    from onramp.notifications.models import Notification
    from onramp.plans.models import DevelopmentPlan, PlanAction, PlanReview, SupportSession
    from onramp.recruitment.models import Application, ConsensusScore, ValuesScore
    from onramp.support.models import CheckIn, MentoringSession

    if person.erased_at is not None:
        return person
    person.given_name = "Erased"
    person.family_name = f"record {person.pk}"
    person.date_of_birth = datetime.date(person.date_of_birth.year, 7, 1)
    for field in ("email", "phone", "phone_digits", "reference", "postcode", "postcode_key", "gender_identity"):
        setattr(person, field, "")
    person.disability = ""
    person.care_leaver = ""
    person.account = None
    person.contact_by = ContactBy.EMAIL
    person.erased_at = timezone.now()
    next_version(person)  # an edit form opened before the erasure cannot put the details back
    person.save()
    JourneyEvent.objects.filter(young_person=person).update(detail="")
    SurveyResponse.objects.filter(young_person=person).exclude(answer__in=["yes", "no"]).delete()
    person.consents.update(withdrawal_note="")
    DevelopmentPlan.objects.filter(young_person=person).update(goals="", barrier_notes="")
    PlanAction.objects.filter(plan__young_person=person).update(description="(erased)")
    PlanReview.objects.filter(plan__young_person=person).update(notes="")
    SupportSession.objects.filter(young_person=person).update(notes="")
    Application.objects.filter(young_person=person).update(reason="")
    ValuesScore.objects.filter(interview__application__young_person=person).update(evidence="")
    ConsensusScore.objects.filter(interview__application__young_person=person).update(evidence="")
    CheckIn.objects.filter(employment__offer__application__young_person=person).update(actions="")
    MentoringSession.objects.filter(match__young_person=person).update(notes="")
    Grant.objects.filter(young_person=person).update(need="(erased)")
    Notification.objects.filter(young_person=person).update(address="")
    audit.record(actor=actor, action="young_person.erased", target=person, detail={"reason": reason})
    return person


def last_contact(person: YoungPerson) -> datetime.date:
    latest = (
        JourneyEvent.objects.filter(young_person=person)
        .order_by("-occurred_on")
        .values_list("occurred_on", flat=True)
        .first()
    )
    return max(filter(None, [latest, person.registered_on]))


def expired(*, years: int, today: datetime.date | None = None) -> list[YoungPerson]:
    """Young people not yet erased whose last contact (their latest journey event, or registration) is more
    than ``years`` years ago."""
    from django.db.models import Max

    today = today or timezone.localdate()
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    rows = YoungPerson.objects.filter(erased_at__isnull=True).annotate(last=Max("events__occurred_on"))
    return [person for person in rows if max(filter(None, [person.last, person.registered_on])) < cutoff]
