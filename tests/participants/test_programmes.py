"""Programmes, their phases and targets: managed by leads and administrators, audited, judged on the page."""

import datetime

from django.urls import reverse

from onramp.core.models import AuditEntry
from onramp.participants.models import Programme, ProgrammePhase, Target

D = datetime.date


def date_fields(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def test_a_lead_adds_a_programme_with_a_phase_and_a_target(client_as, world):
    client = client_as("regional_lead")
    response = client.post(reverse("participants:programme-create"), {"name": "", "min_age": 16, "max_age": 30})
    html = response.content.decode()
    assert "Enter the programme&#39;s name" in html and "Choose at least one integrated care system" in html
    response = client.post(
        reverse("participants:programme-create"),
        {
            "name": "Health and care pathway",
            "icss": [world.kent.pk, world.sussex.pk],
            "min_age": 16,
            "max_age": 30,
            "require_residence_in_icss": "on",
            "interview_deadline_working_days": 15,
            "check_in_schedule": "week 1, month 3, month 12",
            **date_fields("starts_on", D(2019, 12, 1)),
        },
    )
    programme = Programme.objects.get(name="Health and care pathway")
    assert response["Location"] == reverse("evaluation:programme-detail", args=[programme.pk])
    assert set(programme.icss.values_list("code", flat=True)) == {"QKS", "QNX"}
    assert programme.interview_deadline_working_days == 15
    assert programme.check_in_schedule == "week 1, month 3, month 12"

    phase_url = reverse("participants:phase-create", args=[programme.pk])
    client.post(
        phase_url,
        {"name": "First phase", **date_fields("starts_on", D(2019, 12, 1)), **date_fields("ends_on", D(2023, 9, 30))},
    )
    overlap = client.post(
        phase_url,
        {"name": "Extension", **date_fields("starts_on", D(2023, 9, 1)), **date_fields("ends_on", D(2026, 9, 30))},
    ).content.decode()
    assert "The dates overlap First phase (1 December 2019 to 30 September 2023)" in overlap
    assert ProgrammePhase.objects.filter(programme=programme).count() == 1
    phase = ProgrammePhase.objects.get(programme=programme)

    target_url = reverse("participants:target-create", args=[programme.pk, phase.pk])
    bad = client.post(target_url, {"metric": "ethnic_minority", "comparison": "at_least", "value": "150"})
    assert "A percentage target must be between 0 and 100" in bad.content.decode()
    client.post(target_url, {"metric": "ethnic_minority", "comparison": "at_least", "value": "10"})
    client.post(target_url, {"metric": "ethnic_minority", "comparison": "at_least", "value": "12"})  # replaces it
    target = Target.objects.get(phase=phase)
    assert target.value == 12

    html = client.get(reverse("evaluation:programme-detail", args=[programme.pk])).content.decode()
    assert "First phase: 1 December 2019 to 30 September 2023" in html and "at least 12%" in html
    assert "No figures yet" in html  # nobody registered in the programme

    remove = reverse("participants:target-remove", args=[programme.pk, phase.pk, target.pk])
    assert "Remove the target?" in client.get(remove).content.decode()
    client.post(remove)
    assert not Target.objects.exists()
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-5:] == [
        "programme.saved",
        "programme_phase.saved",
        "target.saved",
        "target.saved",
        "target.removed",
    ]
    replaced = AuditEntry.objects.filter(action="target.saved").order_by("pk").last()
    assert replaced.detail["old"] == "10.00" and replaced.detail["new"] == "12"


def test_changing_a_programme_is_audited_with_old_and_new(client_as, world, people):
    client = client_as("admin")
    url = reverse("participants:programme-edit", args=[people.programme.pk])
    assert "South East pathway" in client.get(url).content.decode()
    client.post(
        url,
        {
            "name": "South East pathway",
            "icss": [world.kent.pk],
            "min_age": 16,
            "max_age": 24,
            "interview_deadline_working_days": 20,
            "check_in_schedule": "week 1, month 1, month 3, month 6, month 12",
        },
    )
    entry = AuditEntry.objects.filter(action="programme.saved").order_by("pk").last()
    assert entry.detail["changes"]["max_age"] == {"old": 30, "new": 24}
    assert entry.detail["changes"]["icss"] == {"old": ["QKS", "QNQ", "QNX"], "new": ["QKS"]}


def test_funders_read_programmes_with_published_progress(client_as, world, people):
    phase = ProgrammePhase.objects.create(
        programme=people.programme, name="Extension", starts_on=D(2023, 10, 1), ends_on=D(2026, 9, 30)
    )
    Target.objects.create(phase=phase, metric="ethnic_minority", value=10)
    html = client_as("funder").get(reverse("evaluation:programme-detail", args=[people.programme.pk])).content.decode()
    assert "published figures" in html and "Not shown (small numbers)" in html
    assert "Set a target" not in html and "Change the programme" not in html
    listing = client_as("funder").get(reverse("participants:programme-list")).content.decode()
    assert "South East pathway" in listing and "Add a programme" not in listing
