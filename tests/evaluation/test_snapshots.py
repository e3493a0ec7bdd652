"""Report snapshots: the stored report equals a fresh build, a stale one is refreshed once in the background,
the refresh button is audited, and the command builds the default ones."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from onramp.core.models import AuditEntry
from onramp.evaluation import snapshots
from onramp.evaluation.models import ReportSnapshot
from onramp.evaluation.report import build
from onramp.journey import services as journey_services

D = datetime.date
PERIOD = {"from": "2024-01-01", "to": "2024-12-31"}


def event(world, who, type, day, **extra):
    return journey_services.record_event(
        actor=world.admin, person=who, type=type, occurred_on=day, check=False, **extra
    )


def key(published=False, icbs=None):
    return snapshots.Key.of(published=published, start=D(2024, 1, 1), end=D(2024, 12, 31), icbs=icbs)


def fresh(k):
    return build(start=k.start, end=k.end, as_of=k.as_of, icbs=k.icbs, published=k.published)


@pytest.mark.parametrize("published", [False, True])
@pytest.mark.parametrize("icbs", [None, ["QKS"]])
def test_the_stored_snapshot_equals_a_fresh_build(journeys, published, icbs):
    k = key(published, icbs)
    stored = snapshots.current(k).report
    built = fresh(k)
    assert stored == built
    assert snapshots.to_data(stored) == snapshots.to_data(built)
    assert stored.targets and stored.targets[0].results  # phases and targets come back as model instances
    assert stored.targets[0].phase.programme.name == journeys.programme.name


def test_a_fresh_snapshot_is_read_not_recomputed(journeys, django_assert_max_num_queries):
    k = key()
    snapshots.current(k)
    with django_assert_max_num_queries(3):  # the snapshot, the phases, the targets
        snapshots.current(k)


def test_a_stale_snapshot_is_shown_then_refreshed_once_after_new_events(
    world, journeys, django_capture_on_commit_callbacks
):
    k = key()
    before = snapshots.current(k).report
    event(world, journeys.sussex, "job_offered", D(2024, 6, 1), role="healthcare_assistant")
    # Still fresh: the stored figures are shown, without the new offer.
    assert snapshots.current(k).report == before
    ReportSnapshot.objects.update(computed_at=timezone.now() - datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        first = snapshots.current(k)
        second = snapshots.current(k)  # another reader (or app server) sees it stale too
    assert first.report == before and first.refreshing and second.refreshing
    assert len(queued) == 1  # one refresh queued, however many readers
    queued[0]()  # the task worker runs it (the test settings run tasks at once)
    after = snapshots.current(k)
    assert not after.refreshing
    assert after.report == fresh(k) != before
    assert after.report.headline["metrics"]["offered"]["count"] == before.headline["metrics"]["offered"]["count"] + 1


def test_a_lost_refresh_is_queued_again(journeys, django_capture_on_commit_callbacks):
    k = key()
    snapshots.current(k)
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    ReportSnapshot.objects.update(computed_at=long_ago, refresh_queued_at=long_ago)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert snapshots.current(k).refreshing
    assert len(queued) == 1


def test_the_dashboards_say_when_the_figures_were_computed(client_as, journeys):
    html = client_as("admin").get(reverse("evaluation:dashboard"), PERIOD).content.decode()
    assert "Figures as of" in html and "Refresh figures now" in html
    html = client_as("funder").get(reverse("evaluation:funder"), PERIOD).content.decode()
    assert "Figures as of" in html and "Refresh figures now" not in html
    assert ReportSnapshot.objects.filter(published=True).count() == 1
    assert ReportSnapshot.objects.count() == 2  # both kinds stored by one computation


def test_the_funder_return_reads_the_dashboards_snapshot(client_as, world, journeys):
    from onramp.evaluation import returns

    client = client_as("admin")
    client.get(reverse("evaluation:dashboard"), PERIOD)
    event(world, journeys.sussex, "job_offered", D(2024, 6, 1), role="healthcare_assistant")
    got = client.get(reverse("evaluation:return", args=["csv"]), {**PERIOD, "exact": "1"}).content.decode("utf-8-sig")
    stored = snapshots.from_data(ReportSnapshot.objects.get(published=False).report)
    assert got == returns.csv_text(stored, scope_words="national")  # the dashboard's figures, not newer ones
    assert got != returns.csv_text(fresh(key()), scope_words="national")
    assert ReportSnapshot.objects.count() == 2


def test_the_refresh_button_queues_a_refresh_and_is_audited(client_as, journeys, django_capture_on_commit_callbacks):
    client = client_as("admin")
    client.get(reverse("evaluation:dashboard"), PERIOD)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evaluation:refresh"), {**PERIOD, "icb": "", "figures": "exact"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("evaluation:dashboard"))
    entry = AuditEntry.objects.get(action="evaluation.figures_refreshed")
    assert entry.detail["figures"] == "exact" and entry.detail["from"] == "2024-01-01"
    snapshot = ReportSnapshot.objects.get(published=False)
    assert snapshot.refresh_queued_at is None  # run at once by the test task backend, so done


def test_only_staff_with_evaluation_rights_may_refresh(client_as, journeys):
    assert client_as("funder").post(reverse("evaluation:refresh"), PERIOD).status_code == 403
    assert client_as("coordinator_kent").post(reverse("evaluation:refresh"), PERIOD).status_code == 403
    assert client_as("admin").get(reverse("evaluation:refresh")).status_code == 405
    assert not AuditEntry.objects.filter(action="evaluation.figures_refreshed").exists()


def test_the_refresh_command_builds_the_default_snapshots(journeys):
    out = io.StringIO()
    call_command("report", "refresh", stdout=out)
    today = timezone.localdate()
    expected = snapshots.default_keys(today)
    assert ReportSnapshot.objects.count() == 2 * len(expected) >= 4  # exact and published for each
    assert f"[{len(expected)}/{len(expected)}]" in out.getvalue()
    national = next(k for k in expected if k.icbs is None and not k.published)
    for kind in (False, True):
        sibling = snapshots.Key.of(published=kind, start=national.start, end=national.end, icbs=None)
        stored = ReportSnapshot.objects.get(**sibling.lookup())
        assert snapshots.from_data(stored.report) == fresh(sibling)


def test_the_maximum_age_comes_from_the_environment(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from onramp.env import report_max_age_minutes

    assert report_max_age_minutes() == 15
    monkeypatch.setenv("ONRAMP_REPORT_MAX_AGE_MINUTES", "60")
    assert report_max_age_minutes() == 60
    monkeypatch.setenv("ONRAMP_REPORT_MAX_AGE_MINUTES", "-1")
    with pytest.raises(ImproperlyConfigured):
        report_max_age_minutes()


def test_a_large_programmes_new_figures_are_queued_and_the_page_says_so(
    client_as, journeys, monkeypatch, django_capture_on_commit_callbacks
):
    """Above ONRAMP_REPORT_BUILD_IN_REQUEST_UP_TO young people, figures nobody has asked for yet are not worked out
    while the page waits (minutes at national scale, past the server's timeout): the build is queued and the page
    says so; once the worker has stored them, the page shows them."""
    monkeypatch.setenv("ONRAMP_REPORT_BUILD_IN_REQUEST_UP_TO", "1")
    client = client_as("admin")
    with django_capture_on_commit_callbacks() as queued:
        response = client.get(reverse("evaluation:dashboard"), PERIOD)
    assert response.status_code == 202
    html = response.content.decode()
    assert "These figures are being worked out" in html and "Check again" in html
    assert not ReportSnapshot.objects.exists() and len(queued) == 1
    queued[0]()  # the worker runs the build
    html = client.get(reverse("evaluation:dashboard"), PERIOD).content.decode()
    assert "Figures as of" in html
    assert client_as("funder").get(reverse("evaluation:funder"), PERIOD).status_code == 200  # stored together


def test_a_queued_first_build_is_not_queued_again(
    client_as, journeys, monkeypatch, settings, django_capture_on_commit_callbacks
):
    """However many readers ask while the first build waits on the task queue, one build is queued (read from the
    queue's own table, so this holds across app servers)."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    monkeypatch.setenv("ONRAMP_REPORT_BUILD_IN_REQUEST_UP_TO", "1")
    for who in ["admin", "admin", "funder"]:
        page = reverse("evaluation:funder" if who == "funder" else "evaluation:dashboard")
        with django_capture_on_commit_callbacks(execute=True):
            assert client_as(who).get(page, PERIOD).status_code == 202
        with django_capture_on_commit_callbacks(execute=True):
            assert snapshots.request_refresh(key()) is False  # the refresh button, too
    assert DBTaskResult.objects.count() == 1
    assert not ReportSnapshot.objects.exists()


def test_the_in_request_limit_comes_from_the_environment(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from onramp.env import report_build_in_request_up_to

    monkeypatch.delenv("ONRAMP_REPORT_BUILD_IN_REQUEST_UP_TO", raising=False)
    assert report_build_in_request_up_to() == 50_000
    monkeypatch.setenv("ONRAMP_REPORT_BUILD_IN_REQUEST_UP_TO", "-1")
    with pytest.raises(ImproperlyConfigured, match="ONRAMP_REPORT_BUILD_IN_REQUEST_UP_TO"):
        report_build_in_request_up_to()
