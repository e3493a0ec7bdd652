"""A dashboard's figures are rendered once per snapshot and kept in the process: a kept rendering is always what
rendering now would give, a refresh or an edited target makes a new one, and a snapshot refreshed between being
looked up and being read is looked up again."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from onramp.evaluation import rendered, snapshots, views
from onramp.evaluation.models import ReportSnapshot
from onramp.journey import services as journey_services
from onramp.participants.models import ProgrammePhase, Target

D = datetime.date
PERIOD = {"from": "2024-01-01", "to": "2024-12-31"}


def event(world, who, type, day, **extra):
    return journey_services.record_event(
        actor=world.admin, person=who, type=type, occurred_on=day, check=False, **extra
    )


def figures_of(html: str) -> str:
    start = html.index('<h2 class="nhsuk-heading-m">Headline figures</h2>')
    return html[start : html.index("</main>")]


def key(published=False):
    return snapshots.Key.of(published=published, start=D(2024, 1, 1), end=D(2024, 12, 31), icbs=None)


@pytest.mark.parametrize(
    ("name", "url", "published"), [("admin", "evaluation:dashboard", False), ("funder", "evaluation:funder", True)]
)
def test_a_kept_rendering_is_what_rendering_now_gives(client_as, journeys, name, url, published):
    client = client_as(name)
    first = client.get(reverse(url), PERIOD).content.decode()
    kept = client.get(reverse(url), PERIOD).content.decode()
    rendered.forget()
    fresh = client.get(reverse(url), PERIOD).content.decode()
    assert figures_of(kept) == figures_of(first) == figures_of(fresh)
    assert "Extension" in figures_of(kept)  # the targets are part of the figures
    # ...and the kept rendering is the one the stored report gives, rendered directly.
    found = snapshots.current(key(published))
    scope = views.Scope(D(2024, 1, 1), D(2024, 12, 31), None, "", [], "national", "National")
    assert figures_of(kept).strip() == views._figures_html(found, scope).strip()


def test_a_kept_rendering_is_not_reread(client_as, journeys, django_assert_max_num_queries):
    client = client_as("admin")
    client.get(reverse("evaluation:dashboard"), PERIOD)
    reads = []
    original = snapshots.from_data
    try:
        snapshots.from_data = lambda data: reads.append(1) or original(data)
        assert client.get(reverse("evaluation:dashboard"), PERIOD).status_code == 200
    finally:
        snapshots.from_data = original
    assert reads == []  # the stored report's JSON was neither loaded nor read


def test_editing_a_target_changes_the_figures_at_once(client_as, journeys):
    client = client_as("admin")
    assert "at least 2" in client.get(reverse("evaluation:dashboard"), PERIOD).content.decode()
    Target.objects.filter(metric="supported").update(value=7)
    html = client.get(reverse("evaluation:dashboard"), PERIOD).content.decode()
    assert "at least 7" in html and "at least 2" not in html
    ProgrammePhase.objects.filter(name="Extension").update(name="Second phase")
    assert "Second phase" in client.get(reverse("evaluation:dashboard"), PERIOD).content.decode()


def test_a_refresh_shows_the_new_figures(world, client_as, journeys):
    client = client_as("admin")
    before = figures_of(client.get(reverse("evaluation:dashboard"), PERIOD).content.decode())
    event(world, journeys.sussex, "job_offered", D(2024, 6, 1), role="healthcare_assistant")
    snapshots.refresh(key())
    after = figures_of(client.get(reverse("evaluation:dashboard"), PERIOD).content.decode())
    assert after != before
    rendered.forget()
    assert figures_of(client.get(reverse("evaluation:dashboard"), PERIOD).content.decode()) == after


def test_a_snapshot_refreshed_after_being_looked_up_is_looked_up_again(world, client_as, journeys, monkeypatch):
    client = client_as("admin")
    before = figures_of(client.get(reverse("evaluation:dashboard"), PERIOD).content.decode())
    rendered.forget()
    event(world, journeys.sussex, "job_offered", D(2024, 6, 1), role="healthcare_assistant")
    looked_up = []
    original = snapshots.current

    def current_then_refreshed(k):
        found = original(k)
        if not looked_up:  # another server refreshes it between this reader's lookup and its read
            snapshots.refresh(k)
        looked_up.append(found.computed_at)
        return found

    monkeypatch.setattr(snapshots, "current", current_then_refreshed)
    response = client.get(reverse("evaluation:dashboard"), PERIOD)
    assert response.status_code == 200
    assert len(looked_up) == 2 and looked_up[0] < looked_up[1]
    shown = figures_of(response.content.decode())
    assert shown != before  # the refreshed figures, with the new offer
    monkeypatch.undo()
    rendered.forget()
    assert shown == figures_of(client.get(reverse("evaluation:dashboard"), PERIOD).content.decode())


def test_a_replaced_snapshot_cannot_be_read(journeys):
    found = snapshots.current(key())
    ReportSnapshot.objects.filter(pk=found.snapshot_id).update(computed_at=timezone.now() + datetime.timedelta(1))
    stale = snapshots.Current(found.snapshot_id, found.computed_at, False, False)
    with pytest.raises(snapshots.Replaced):
        _ = stale.report
