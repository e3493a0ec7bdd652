"""``onramp check_ins remind [--dry-run]``: tell each coordinator how many check-ins in their caseload are
missed or due in the next 7 days. Meant to run each working morning."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from onramp.core.tasks import send_email
from onramp.support.models import CheckIn, CheckInStatus


class Command(BaseCommand):
    help = "Remind coordinators of check-ins missed or due in the next 7 days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["remind"])
        parser.add_argument("--dry-run", action="store_true", help="Say who would be told, and send nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        due = CheckIn.objects.filter(
            status=CheckInStatus.DUE, due_on__lte=today + datetime.timedelta(days=7)
        ).select_related("employment__offer__application__young_person__coordinator")
        by_coordinator: dict[int, tuple[Any, int, int]] = {}
        unassigned = 0
        for item in due:
            coordinator = item.employment.offer.application.young_person.coordinator
            if coordinator is None or not coordinator.email:
                unassigned += 1
                continue
            _, missed, soon = by_coordinator.get(coordinator.pk, (coordinator, 0, 0))
            if item.due_on < today:
                missed += 1
            else:
                soon += 1
            by_coordinator[coordinator.pk] = (coordinator, missed, soon)
        for coordinator, missed, soon in by_coordinator.values():
            subject = f"Check-ins: {missed} missed, {soon} due this week"
            body = (
                f"{missed} check-in{'s' if missed != 1 else ''} in your caseload {'are' if missed != 1 else 'is'} "
                f"missed and {soon} {'are' if soon != 1 else 'is'} due in the next 7 days. Sign in to Onramp and "
                "open Recruitment, then Check-ins, to see them.\n\n"
                "This message has no personal details in it on purpose."
            )
            if options["dry_run"]:
                self.stdout.write(f"Would tell {coordinator.email}: {subject}")
            else:
                send_email.enqueue(subject=subject, body=body, to=[coordinator.email])
        if unassigned:
            self.stderr.write(f"{unassigned} check-ins belong to young people with no coordinator (or no email).")
        self.stdout.write(f"{due.count()} check-ins missed or due soon; {len(by_coordinator)} coordinators told.")
