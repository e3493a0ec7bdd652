"""What of a development plan is confidential (registered by ``PlansConfig.ready``): the young person's barriers
and goals in their own words, the reviews' and support sessions' notes. Read by their support staff and by the
young person, never by an employer or a funder (``accounts.policy.confidential``)."""

from __future__ import annotations

from onramp.accounts.policy import confidential
from onramp.plans.models import DevelopmentPlan, PlanReview, SupportSession

confidential(DevelopmentPlan, "barriers", "barrier_notes", "goals")
confidential(PlanReview, "notes")
confidential(SupportSession, "notes")
