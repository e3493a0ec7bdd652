"""``onramp remind interviews [--dry-run]``: tell each provider's key contacts, on both sides, about guaranteed
interviews near or past their deadline. Meant to run each working morning (cron or a scheduler)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from onramp.accounts.models import ContactRole, KeyContact
from onramp.core.tasks import send_email
from onramp.recruitment.models import Entitlement
from onramp.recruitment.selectors import needing_attention


class Command(BaseCommand):
    help = "Remind providers' key contacts of guaranteed interviews near or past their deadline."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["interviews"], help="What to remind people about.")
        parser.add_argument("--dry-run", action="store_true", help="Say who would be told, and send nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        flagged = needing_attention(Entitlement.objects.select_related("provider"), today=today)
        by_provider: dict[int, list[Any]] = {}
        for item in flagged:
            by_provider.setdefault(item.entitlement.provider_id, []).append(item)
        sent = 0
        for items in by_provider.values():
            provider = items[0].entitlement.provider
            contacts = KeyContact.objects.filter(organisation=provider).exclude(email="")
            # Both sides: the provider's own contacts and the charity's lead for this provider.
            to = sorted({c.email for c in contacts if c.role != ContactRole.ONBOARDING_CONTACT})
            overdue = sum(1 for item in items if item.overdue)
            subject = f"Guaranteed interviews with {provider.name}: {len(items)} need arranging"
            body = (
                f"{len(items)} guaranteed interview{'s are' if len(items) != 1 else ' is'} near or past the "
                f"deadline ({overdue} past it). Sign in to Onramp and open Recruitment, then Guaranteed "
                "interviews, to see who and by when.\n\nThis message has no personal details in it on purpose."
            )
            if not to:
                self.stderr.write(f"{provider.name}: no key contact with an email address; add one on its page.")
                continue
            if options["dry_run"]:
                self.stdout.write(f"Would tell {', '.join(to)}: {subject}")
                continue
            send_email.enqueue(subject=subject, body=body, to=to)
            sent += 1
        self.stdout.write(f"{len(flagged)} guaranteed interviews need attention; {sent} reminders queued.")
