"""Who sees which young people, and what they may do to them (registered by ``ParticipantsConfig.ready``).

``candidates_of`` is the consent rule every employer-facing scope (applications, guaranteed interviews) shares.
"""

from __future__ import annotations

from django.db import models

from onramp.accounts.models import Role, User
from onramp.accounts.policy import actions_for, by_caseload_ics, confidential, scope_for
from onramp.participants.models import Consent, ConsentPurpose, SurveyResponse, YoungPerson

actions_for(
    YoungPerson,
    {
        "view": set(Role.values),
        "change": {Role.COORDINATOR, Role.REGIONAL_LEAD, Role.ADMINISTRATOR},
        "override_eligibility": {Role.REGIONAL_LEAD, Role.ADMINISTRATOR},
    },
)


def candidates_of(user: User) -> models.QuerySet[YoungPerson]:
    """A recruiter's candidates: young people who consent, now, to sharing with the recruiter's organisation."""
    return YoungPerson.objects.filter(
        consents__purpose=ConsentPurpose.SHARE_WITH_EMPLOYER,
        consents__organisation=user.organisation_id,
        consents__withdrawn_at__isnull=True,
    )


@scope_for(YoungPerson)
def young_people(user: User, queryset: models.QuerySet[YoungPerson]) -> models.QuerySet[YoungPerson]:
    staff = by_caseload_ics(user, queryset)
    if staff is not None:
        return staff
    match user.role:
        case Role.PROVIDER_RECRUITER:
            # Only candidates referred to this employer (or owed an interview by it) who consent, now, to their
            # details being shared with it. Their pages show them the fields they need, nothing more.
            involved = models.Q(applications__vacancy__provider=user.organisation_id) | models.Q(
                entitlements__provider=user.organisation_id
            )
            return queryset.filter(pk__in=candidates_of(user).filter(involved).values("pk"))
        case Role.YOUNG_PERSON:
            return queryset.filter(account=user)
        case _:
            return queryset.none()


# Equality and health answers, and what a young person says when withdrawing a consent or answering a survey:
# read by their support staff and by them, never by an employer or a funder (``accounts.policy.confidential``).
confidential(
    YoungPerson,
    "ethnic_group",
    "sex",
    "gender_identity",
    "disability",
    "care_leaver",
    "employment_status",
    "receiving_benefits",
)
confidential(Consent, "withdrawal_note")
confidential(SurveyResponse, "answer")
