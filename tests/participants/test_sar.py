"""Subject access: the export holds every record about the young person, found independently by following
each record's own links back to them; and nothing about anyone else."""

import datetime
import io
import json
import zipfile

from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.urls import reverse

from onramp.core.models import AuditEntry
from onramp.participants import sar
from onramp.participants.models import YoungPerson

D = datetime.date


def _about(obj, person, depth=0):
    """Does this record lead back to the person through its own foreign keys (not through shared things such as
    vacancies, cohorts or users)?"""
    if depth > 6:
        return False
    for field in obj._meta.concrete_fields:
        if not isinstance(field, models.ForeignKey | models.OneToOneField):
            continue
        target = getattr(obj, field.name, None)
        if target is None:
            continue
        if isinstance(target, YoungPerson):
            if target.pk == person.pk:
                return True
            continue
        if type(target) in sar.personal_models() and _about(target, person, depth + 1):
            return True
    return False


def populate(world, people):
    from onramp.participants.models import SurveyResponse
    from onramp.plans import services as plans
    from onramp.support import services as support
    from onramp.training import services as training
    from tests.core.test_access_matrix import _with_extras

    people = _with_extras(world, people)
    enrolment = training.enrol(
        actor=world.admin, cohort=people.kent_cohort, person=people.kent, enrolled_on=D(2024, 2, 1)
    )
    training.take_register(actor=world.admin, session=people.session, marks={enrolment.pk: training.Mark("present")})
    plans.record_support(actor=world.admin, person=people.kent, kind="cv", held_on=D(2024, 2, 2), outcome="ready")
    mentor = support.save_mentor(actor=world.admin, name="Nell", kind="volunteer")
    match = support.match_mentor(actor=world.admin, person=people.kent, mentor=mentor, started_on=D(2024, 4, 3))
    support.log_mentoring(actor=world.admin, match=match, held_on=D(2024, 4, 10))
    support.refer_wellbeing(actor=world.admin, person=people.kent, referred_on=D(2024, 4, 3))
    support.import_usage(actor=world.admin, rows=[(people.kent, D(2024, 4, 1), 3)], checksum="x")
    support.record_progression(actor=world.admin, person=people.kent, kind="qualification", progressed_on=D(2024, 6, 1))
    support.record_leaving(
        actor=world.admin, employment=people.employment, left_on=D(2024, 7, 1), reason="study", stayed_in_sector=True
    )
    SurveyResponse.objects.create(
        young_person=people.kent, survey="s", question="q", answer="yes", answered_on=D(2024, 5, 1)
    )
    plans_agreed = plans  # a development plan with an action and a review
    plans_agreed.agree_plan(
        actor=world.admin,
        person=people.kent,
        barriers=[],
        barrier_notes="",
        goals="Care work",
        agreed_on=D(2024, 1, 20),
        actions=[plans.ActionInput(description="CV", owner="young_person", due_on=D(2024, 2, 1), done_on=None)],
    )
    return people


def test_the_export_is_complete_and_only_about_them(world, people):
    people = populate(world, people)
    person = people.kent
    exported = {
        (label, row["pk"])
        for label, rows in sar.export(person)["records"].items()
        for row in rows
        if label != "core.AuditEntry"
    }
    expected = {(YoungPerson._meta.label, person.pk)}
    for model in apps.get_models():
        if model is YoungPerson or model is AuditEntry:
            continue
        for obj in model._default_manager.all():
            if _about(obj, person):
                expected.add((model._meta.label, obj.pk))
    assert exported == expected
    labels = {label for label, _ in exported}
    for wanted in [
        "recruitment.Application",
        "recruitment.ValuesScore",
        "checks.PreEmploymentCheck",
        "support.CheckIn",
        "grants.Grant",
        "training.Attendance",
        "journey.JourneyEvent",
        "support.MentoringSession",
    ]:
        assert wanted in labels, wanted
    assert all(pk != people.sussex.pk for label, pk in exported if label == "participants.YoungPerson")


def test_the_command_and_the_page_write_a_zip(tmp_path, client_as, world, people):
    out = tmp_path / "sar.zip"
    call_command("sar", "KM-001", "--out", str(out), stdout=io.StringIO())
    with zipfile.ZipFile(out) as archive:
        data = json.loads(archive.read("sar.json"))
        assert data["records"]["participants.YoungPerson"][0]["fields"]["family_name"] == "Khan"
        assert "What Onramp holds about KM-001" in archive.read("summary.html").decode()
    response = client_as("regional_lead").get(reverse("participants:subject-access", args=[people.kent.pk]))
    assert response["Content-Type"] == "application/zip"
    assert AuditEntry.objects.filter(action="sar.exported").count() == 2
