"""The task queue's table holds ids, never an address, a message's words or a link: read access to the database,
a backup or a replica gives no way into an account. Messages are built by the worker when they are sent, and
finished tasks are pruned after ONRAMP_TASK_RESULTS_KEEP_DAYS."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from onramp.core.management.commands.serve import prune_arguments
from onramp.notifications.models import Notification
from onramp.notifications.services import send_sign_in_link

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE


def everything_in_the_queue() -> str:
    return json.dumps(list(DBTaskResult.objects.values()), default=str)


def run_the_worker() -> None:
    """What the worker does with each waiting task: run it with the arguments the queue holds (and keep its
    result). The worker itself closes the database connection, and with it the test's transaction."""
    for result in DBTaskResult.objects.ready():
        returned = result.task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        DBTaskResult.objects.filter(pk=result.pk).update(
            status="SUCCESSFUL", return_value=returned, finished_at=timezone.now()
        )


def test_a_sign_in_link_is_queued_by_id_and_built_when_sent(
    db, database_queue, django_capture_on_commit_callbacks, mailoutbox
):
    link = "https://onramp.example/in/secret-token-1234"
    with django_capture_on_commit_callbacks(execute=True):
        row = send_sign_in_link(email="someone@example.org", link=link, minutes=15)
    [task] = DBTaskResult.objects.all()
    assert task.args_kwargs == {"args": [], "kwargs": {"notification_id": row.pk}}
    row.refresh_from_db()
    assert row.payload and "secret-token" not in row.payload and "someone@" not in row.payload  # encrypted

    run_the_worker()
    [message] = mailoutbox
    assert link in message.body and message.to == ["someone@example.org"]
    row.refresh_from_db()
    assert (row.status, row.payload) == ("sent", "")
    held = everything_in_the_queue() + json.dumps(list(Notification.objects.values()), default=str)
    assert "secret-token" not in held and "someone@example.org" not in held


def test_a_message_to_a_young_person_is_built_when_sent(
    people, database_queue, django_capture_on_commit_callbacks, mailoutbox
):
    from onramp.notifications.services import notify

    context = {
        "title": "How is it going?",
        "introduction": "A short survey.",
        "link": "https://onramp.example/survey/secret-survey-token",
    }
    with django_capture_on_commit_callbacks(execute=True):
        notify(kind="survey_invitation", young_person=people.kent, context=context)
    assert "secret-survey-token" not in everything_in_the_queue()
    assert people.kent.email not in everything_in_the_queue()
    run_the_worker()
    [message] = mailoutbox
    assert "secret-survey-token" in message.body and message.to == [people.kent.email]
    assert "secret-survey-token" not in everything_in_the_queue()


def test_a_password_reset_is_queued_by_account_and_its_link_made_when_sent(
    client, world, database_queue, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password-reset"), {"email": world.admin.email})
    assert response.status_code == 302
    [task] = DBTaskResult.objects.all()
    assert task.args_kwargs["kwargs"] == {
        "user_id": world.admin.pk,
        "email": "password_reset",
        "domain": "testserver",
        "protocol": "http",
    }
    run_the_worker()
    [message] = mailoutbox
    link = next(word for word in message.body.split() if "://" in word and "/password-reset/" in word)
    assert world.admin.email not in everything_in_the_queue()
    # The link made by the worker works: it opens the page to choose a new password.
    page = client.get(link.removeprefix("http://testserver"), follow=True)
    assert page.status_code == 200 and "new password" in page.content.decode().lower()
    assert link.rsplit("/", 2)[-2] not in everything_in_the_queue()


def test_an_erased_young_persons_waiting_message_is_not_sent(
    people, database_queue, django_capture_on_commit_callbacks, mailoutbox
):
    from onramp.notifications import privacy
    from onramp.notifications.services import notify

    context = {
        "title": "How is it going?",
        "introduction": "A short survey.",
        "link": "https://onramp.example/survey/abc",
    }
    with django_capture_on_commit_callbacks(execute=True):
        [row] = notify(kind="survey_invitation", young_person=people.kent, context=context)
    privacy.erase(people.kent)
    run_the_worker()
    row.refresh_from_db()
    assert mailoutbox == [] and (row.status, row.reason, row.payload, row.address) == (
        "not_sent",
        "record erased",
        "",
        "",
    )


def test_finished_tasks_are_pruned_after_the_days_kept(db, settings, database_queue):
    settings.TASK_RESULTS_KEEP_DAYS = 7
    now = timezone.now()

    def finished(days_ago: float, status: str = "SUCCESSFUL") -> DBTaskResult:
        return DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {"notification_id": 1}},
            task_path="onramp.notifications.tasks.deliver",
            queue_name="default",
            backend_name="default",
            run_after=now,
            status=status,
            finished_at=now - datetime.timedelta(days=days_ago),
        )

    old, old_failure, recent = finished(8), finished(9, "FAILED"), finished(2)
    waiting = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="x",
        queue_name="default",
        backend_name="default",
        run_after=now,
    )
    assert prune_arguments()[-3:-2] == ["7"]
    call_command(*prune_arguments())
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert not DBTaskResult.objects.filter(pk__in=[old.pk, old_failure.pk]).exists()
