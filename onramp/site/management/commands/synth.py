"""``onramp synth``: a synthetic national programme, written in bulk, for benchmarks."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from onramp.site import synth
from onramp.site.demo import demo_password


class Command(BaseCommand):
    help = (
        "Write a synthetic national programme (every ICB, about ten journey events a person, real postcodes) "
        "in bulk into an empty database, for benchmarks. Run `onramp setup` first. The demo does not use it."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--young-people", type=int, default=1000, help="How many young people (default 1000).")
        parser.add_argument("--seed", type=int, default=2019, help="Random seed: the same seed, the same rows.")
        parser.add_argument("--batch", type=int, default=20_000, help="Young people written per batch.")
        parser.add_argument(
            "--password", default="", help="Password of the bench accounts (default: the demo password)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["young_people"] < 1:
            raise CommandError("--young-people must be 1 or more.")
        password = options["password"] or demo_password()
        started = time.monotonic()
        try:
            result = synth.build(
                young_people=options["young_people"],
                seed=options["seed"],
                password=password,
                batch=options["batch"],
            )
        except RuntimeError as error:
            raise CommandError(str(error)) from None
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"{result.young_people:,} young people in {result.icbs} ICBs, {result.events:,} journey events "
            f"({result.events / max(result.young_people, 1):.1f} a person), {result.consents:,} consents, "
            f"{result.survey_responses:,} survey answers, {result.voids:,} voided events, "
            f"{result.progressions:,} progressions in {elapsed:.0f}s."
        )
        self.stdout.write(f"Accounts (password as given, or the demo password): {', '.join(result.accounts)}")
