"""Messages waiting to send keep what builds them in their log row, encrypted; their tasks carry only the row's id.

Task rows queued before this change carried the address and the words (with any sign-in or password link) in
their arguments. Finished ones are deleted (nothing needs them); waiting messages move into their row's encrypted
payload, and their tasks keep only the id. Waiting password e-mails (their task is gone) are deleted: the person
asks for a new link, or an administrator sends the set-up e-mail again.
"""

import json

from django.db import migrations, models

from onramp.core import crypto

OLD_DELIVER = "onramp.notifications.tasks.deliver"
OLD_SEND_EMAIL = "onramp.core.tasks.send_email"


def move_words_out_of_the_queue(apps, schema_editor):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    Notification = apps.get_model("notifications", "Notification")
    old = DBTaskResult.objects.filter(task_path__in=[OLD_DELIVER, OLD_SEND_EMAIL])
    old.exclude(status__in=["READY", "RUNNING"]).delete()
    old.filter(task_path=OLD_SEND_EMAIL).delete()
    for task in old.filter(task_path=OLD_DELIVER):
        kwargs = task.args_kwargs.get("kwargs", {})
        words = {"to": kwargs.get("to", ""), "subject": kwargs.get("subject", ""), "body": kwargs.get("body", "")}
        Notification.objects.filter(pk=kwargs.get("notification_id")).update(payload=crypto.encrypt(json.dumps(words)))
        task.args_kwargs = {"args": [], "kwargs": {"notification_id": kwargs.get("notification_id")}}
        task.save(update_fields=["args_kwargs"])


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="payload",
            field=models.TextField(
                blank=True,
                help_text="Only while waiting to send: the address and the message's placeholders, encrypted; "
                "emptied once it is sent or fails.",
            ),
        ),
        migrations.RunPython(move_words_out_of_the_queue, migrations.RunPython.noop),
    ]
