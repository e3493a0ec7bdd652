"""Erasure and subject access are complete by construction: every model with a foreign-key path to a young person
is declared by its app's privacy part, with every such path, and the parts run in the documented order."""

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from onramp.participants import privacy
from onramp.participants.models import YoungPerson


def paths_to_young_person(model, seen=()):
    """Every chain of foreign keys from ``model`` to ``YoungPerson``, as lookups
    (``interview__application__young_person``). A model's foreign keys to itself (an event's correction) lead to
    the same person and are not followed."""
    found = []
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.ForeignKey):  # OneToOneField is a ForeignKey
            continue
        target = field.related_model
        if target is YoungPerson:
            found.append(field.name)
        elif target is not model and target not in seen:
            found += [f"{field.name}__{rest}" for rest in paths_to_young_person(target, (*seen, model))]
    return found


def test_every_model_about_a_young_person_has_a_part_with_all_its_paths():
    covered = privacy.covered()
    missing = {}
    for model in apps.get_models():
        paths = paths_to_young_person(model)
        if not paths:
            continue
        declared = set(covered.get(model, ()))
        if not set(paths) <= declared:
            missing[model._meta.label] = sorted(set(paths) - declared)
    assert missing == {}, f"Declare these in the owning app's privacy.py: {missing}"
    assert covered[YoungPerson] == ("pk",)


def test_every_declared_model_belongs_to_the_part_of_its_own_app():
    for part in privacy.parts():
        for model in part.records:
            assert model._meta.app_label == part.app, (model._meta.label, part.app)


def test_the_parts_run_in_the_documented_order():
    assert [part.app for part in privacy.parts()] == [
        "participants",
        "notifications",
        "journey",
        "plans",
        "training",
        "recruitment",
        "checks",
        "support",
        "grants",
        "portal",
    ]


def test_an_app_outside_the_order_is_refused():
    with pytest.raises(ImproperlyConfigured, match=r"not in participants\.privacy\.ORDER"):
        privacy.register(app="elsewhere", records={})
