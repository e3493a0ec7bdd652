"""Development plans: agreed in versions, actions with owners and due dates, reviews."""

import datetime

from django.urls import reverse

from onramp.plans import services
from onramp.plans.models import DevelopmentPlan
from onramp.site import selectors as site_selectors

D = datetime.date


def test_agreeing_the_first_plan_records_plan_agreed(world, people):
    plan = services.agree_plan(
        actor=world.coordinator_kent,
        person=people.kent,
        barriers=["travel", "confidence"],
        barrier_notes="Two buses to Canterbury",
        goals="Become a healthcare assistant",
        agreed_on=D(2024, 1, 20),
    )
    assert plan.version == 1 and plan.barrier_labels == ["Travel", "Confidence"]
    assert people.kent.events.counting().filter(type="plan_agreed", occurred_on=D(2024, 1, 20)).exists()


def test_revisions_keep_earlier_versions_and_carry_actions(world, people):
    services.agree_plan(
        actor=world.coordinator_kent,
        person=people.kent,
        barriers=["travel"],
        barrier_notes="",
        goals="First goals",
        agreed_on=D(2024, 1, 20),
    )
    services.add_action(
        actor=world.coordinator_kent,
        person=people.kent,
        description="Apply for a bus pass",
        owner="young_person",
        due_on=D(2024, 2, 1),
        agreed_on=D(2024, 1, 21),
    )
    services.agree_plan(
        actor=world.coordinator_kent,
        person=people.kent,
        barriers=[],
        barrier_notes="",
        goals="Revised goals",
        agreed_on=D(2024, 3, 1),
    )
    versions = list(DevelopmentPlan.objects.filter(young_person=people.kent).order_by("version"))
    assert [(p.version, p.is_current, p.goals) for p in versions] == [
        (1, False, "First goals"),
        (2, False, "First goals"),
        (3, True, "Revised goals"),
    ]
    assert [a.description for a in versions[2].actions.all()] == ["Apply for a bus pass"]
    assert people.kent.events.counting().filter(type="plan_agreed").count() == 1


def test_reviews_mark_actions_done_and_the_caseload_shows_the_next_action(world, people):
    services.agree_plan(
        actor=world.coordinator_kent,
        person=people.kent,
        barriers=[],
        barrier_notes="",
        goals="Goals",
        agreed_on=D(2024, 1, 20),
    )
    services.add_action(
        actor=world.coordinator_kent,
        person=people.kent,
        description="Bus pass",
        owner="young_person",
        due_on=D(2024, 2, 1),
        agreed_on=D(2024, 1, 20),
    )
    services.add_action(
        actor=world.coordinator_kent,
        person=people.kent,
        description="Mock interview",
        owner="coordinator",
        due_on=D(2099, 1, 1),
        agreed_on=D(2024, 1, 20),
    )
    row = site_selectors.with_stage(type(people.kent).objects.filter(pk=people.kent.pk)).get()
    assert (row.next_action, row.next_action_due) == ("Bus pass", D(2024, 2, 1))
    bus_pass = people.kent.plans.get(is_current=True).actions.get(description="Bus pass")
    services.review_plan(
        actor=world.coordinator_kent,
        person=people.kent,
        reviewed_on=D(2024, 2, 2),
        notes="Pass arrived",
        done_actions=[bus_pass],
    )
    row = site_selectors.with_stage(type(people.kent).objects.filter(pk=people.kent.pk)).get()
    assert row.next_action == "Mock interview"


def test_overdue_filter(client_as, world, people):
    services.agree_plan(
        actor=world.coordinator_kent,
        person=people.kent,
        barriers=[],
        barrier_notes="",
        goals="Goals",
        agreed_on=D(2024, 1, 20),
    )
    services.add_action(
        actor=world.coordinator_kent,
        person=people.kent,
        description="Bus pass",
        owner="young_person",
        due_on=D(2024, 2, 1),
        agreed_on=D(2024, 1, 20),
    )
    html = client_as("admin").get(reverse("site:caseload"), {"overdue": "1"}).content.decode()
    assert "Aisha Khan" in html and "Ben Carter" not in html and "Overdue" in html


def test_plan_pages(client_as, world, people):
    client = client_as("coordinator_kent")
    html = client.post(reverse("plans:agree", args=[people.kent.pk]), {"goals": ""}).content.decode()
    assert "Write the young person&#39;s goals" in html or "Write the young person's goals" in html
    response = client.post(
        reverse("plans:agree", args=[people.kent.pk]),
        {
            "barriers": ["money"],
            "goals": "Care worker by summer",
            "agreed_on_day": "20",
            "agreed_on_month": "1",
            "agreed_on_year": "2024",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("plans:add-action", args=[people.kent.pk]),
        {
            "description": "Open a bank account",
            "owner": "young_person",
            "due_on_day": "1",
            "due_on_month": "2",
            "due_on_year": "2024",
            "agreed_on_day": "20",
            "agreed_on_month": "1",
            "agreed_on_year": "2024",
        },
    )
    assert response.status_code == 302
    action = people.kent.plans.get(is_current=True).actions.get()
    response = client.post(
        reverse("plans:review", args=[people.kent.pk]),
        {
            "reviewed_on_day": "3",
            "reviewed_on_month": "2",
            "reviewed_on_year": "2024",
            "notes": "Account opened",
            "done": [action.pk],
        },
    )
    assert response.status_code == 302
    html = client.get(reverse("site:record", args=[people.kent.pk])).content.decode()
    assert "Care worker by summer" in html and "Done 3 February 2024" in html and "Account opened" in html


def test_help_with_applications_and_interviews_is_recorded_on_the_record(client_as, world, people):
    from onramp.core.models import AuditEntry

    client = client_as("coordinator_kent")
    url = reverse("plans:add-support", args=[people.kent.pk])
    html = client.post(url, {"kind": "cv"}).content.decode()
    assert "Choose the outcome" in html and "Enter" in html
    client.post(
        url,
        {
            "kind": "interview_practice",
            "held_on_day": "5",
            "held_on_month": "3",
            "held_on_year": "2024",
            "outcome": "ready",
            "notes": "Practised values questions",
        },
    )
    record = client.get(reverse("site:record", args=[people.kent.pk])).content.decode()
    assert "5 March 2024: Interview practice, ready for the next step. Practised values questions" in record
    assert AuditEntry.objects.filter(action="support.recorded", actor=world.coordinator_kent).exists()
