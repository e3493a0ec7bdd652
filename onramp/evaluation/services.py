"""Writes in evaluation: a learning story's words, SROI configurations and asking for fresh figures. Each audited, in
one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from onramp.accounts.models import User
from onramp.core import audit
from onramp.evaluation import snapshots, sroi
from onramp.evaluation.models import LearningStory, SroiConfiguration
from onramp.participants.models import Programme

STORY_FIELDS = ("title", "purpose", "delivery", "lessons", "next_steps")


@transaction.atomic
def save_learning_story(*, actor: User, programme: Programme, **words: str) -> LearningStory:
    story = LearningStory.objects.select_for_update().filter(programme=programme).first()
    created = story is None
    story = story or LearningStory(programme=programme)
    values = {field: words[field].strip() for field in STORY_FIELDS}
    diff = audit.changes(story, values) if not created else {}
    for field, value in values.items():
        setattr(story, field, value)
    story.updated_by = actor
    story.full_clean()
    story.save()
    audit.record(
        actor=actor,
        action="learning_story.saved",
        target=story,
        detail={"created": created, "changed": sorted(diff) if not created else list(STORY_FIELDS)},
    )
    return story


@transaction.atomic
def create_sroi_configuration(*, actor: User, name: str, config: dict[str, Any], provenance: str) -> SroiConfiguration:
    sroi.parse_config(config)  # raises ConfigError naming every bad field
    item = SroiConfiguration(name=name.strip(), config=config, provenance=provenance.strip(), created_by=actor)
    item.full_clean()
    item.save()
    audit.record(
        actor=actor,
        action="sroi.configuration_created",
        target=item,
        detail={"investment": config["investment"], "outcomes": len(config["outcomes"])},
    )
    return item


@transaction.atomic
def refresh_figures(*, actor: User, key: Any) -> bool:
    """Someone with evaluation rights asks for the figures of one dashboard to be computed again now: audited,
    and queued for the task worker (once: a refresh already queued is not queued twice). True if queued now."""
    queued = snapshots.request_refresh(key)
    audit.record(
        actor=actor,
        action="evaluation.figures_refreshed",
        detail={
            "figures": "published" if key.published else "exact",
            "from": key.start.isoformat(),
            "to": key.end.isoformat(),
            "as_of": key.as_of.isoformat(),
            "icb": key.icbs,
            "queued": queued,
        },
    )
    return queued
