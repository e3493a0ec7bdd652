"""The programme dashboard: the funnel, monthly series, the page and who may see it."""

import datetime

from django.urls import reverse

from onramp.evaluation import dashboard
from onramp.journey import services as journey_services

D = datetime.date


def event(world, who, type, day, **extra):
    return journey_services.record_event(
        actor=world.admin, person=who, type=type, occurred_on=day, check=False, **extra
    )


def test_funnel_counts_people_registered_in_the_period(world, people):
    event(world, people.kent, "plan_agreed", D(2024, 1, 20))
    event(world, people.kent, "job_offered", D(2024, 2, 1), role="care_worker")
    event(world, people.kent, "started_work", D(2024, 2, 29), role="care_worker")
    event(world, people.kent, "left_work", D(2025, 2, 27))  # the day before the 12-month date, 28 February 2025
    steps = {
        s.key: s.count
        for s in dashboard.funnel(start=D(2024, 1, 1), end=D(2024, 12, 31), as_of=D(2025, 6, 30), icbs=None)
    }
    assert steps == {
        "supported": 2,
        "plan_agreed": 1,
        "course_completed": 0,
        "interview_guaranteed": 0,
        "job_offered": 1,
        "started_work": 1,
        "in_post_3": 1,
        "in_post_6": 1,
        "in_post_12": 0,
    }


def test_monthly_series_fill_empty_months_with_zero(world, people):
    event(world, people.kent, "job_offered", D(2024, 3, 5), role="care_worker")
    event(world, people.kent, "job_offered", D(2024, 3, 20), role="care_worker")  # the same person counts once
    event(world, people.sussex, "job_offered", D(2024, 5, 1), role="other")
    series = dashboard.monthly(event_type="job_offered", start=D(2024, 2, 1), end=D(2024, 5, 31), icbs=None)
    assert series == [("Feb 2024", 0), ("Mar 2024", 1), ("Apr 2024", 0), ("May 2024", 1)]
    assert dashboard.monthly(event_type="job_offered", start=D(2024, 2, 1), end=D(2024, 5, 31), icbs=["QKS"])[1] == (
        "Mar 2024",
        1,
    )


def test_the_dashboard_page(client_as, world, people):
    event(world, people.kent, "job_offered", D(2024, 3, 5), role="care_worker")
    html = (
        client_as("admin")
        .get(reverse("evaluation:dashboard"), {"from": "2024-01-01", "to": "2024-12-31"})
        .content.decode()
    )
    assert "Programme dashboard" in html and "From support to a job that lasts" in html
    assert "Young people offered jobs each month" in html and "<svg" in html
    html = client_as("regional_lead").get(reverse("evaluation:dashboard"), {"icb": "QRV"}).content.decode()
    assert "your region" in html


def test_monthly_retention_counts_only_months_fully_due(world, people):
    event(world, people.kent, "started_work", D(2024, 1, 31), role="care_worker")
    event(world, people.kent, "left_work", D(2024, 4, 29))  # the day before the 3-month date, 30 April
    event(world, people.sussex, "started_work", D(2024, 2, 10), role="care_worker")
    event(world, people.sussex, "left_work", D(2024, 5, 10))  # on the 3-month date: still retained
    series = dashboard.monthly_retention(start=D(2024, 1, 1), end=D(2024, 12, 31), as_of=D(2024, 5, 31), icbs=None)
    # January's starters are all due by 30 April; February's by 29 May; March has no starters; April onwards
    # are not yet fully due.
    assert series == [("Jan 2024", 0.0, 0, 1), ("Feb 2024", 100.0, 1, 1)]
    assert dashboard.retention_chart(start=D(2024, 1, 1), end=D(2024, 12, 31), as_of=D(2024, 5, 31), icbs=None)
