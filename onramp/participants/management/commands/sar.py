"""``onramp sar PARTICIPANT_ID --out FILE.zip``: a subject access export of everything held on a young person."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onramp.core import audit
from onramp.participants import sar
from onramp.participants.models import YoungPerson


class Command(BaseCommand):
    help = "Export everything held about a young person (their partner reference or Onramp number) as a zip."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("participant_id")
        parser.add_argument("--out", required=True, help="The zip file to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        key = options["participant_id"].strip()
        people = YoungPerson.objects.filter(reference=key)
        if not people.exists() and key.isdigit():
            people = YoungPerson.objects.filter(pk=int(key))
        if people.count() != 1:
            raise CommandError(f"No single young person has the participant ID {key!r}.")
        person = people.get()
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(f"There is no folder {out.parent}.")
        self.stderr.write("Collecting every record…")
        out.write_bytes(sar.zip_bytes(person))
        audit.record(actor=None, actor_label="command line", action="sar.exported", target=person)
        self.stdout.write(f"Wrote the subject access export for {key} to {out}.")
