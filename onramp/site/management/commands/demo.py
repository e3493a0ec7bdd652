"""``onramp demo``: set up, load the demo programme, print the accounts and serve it."""

from __future__ import annotations

import os
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from onramp.site.demo import build_demo, demo_password


class Command(BaseCommand):
    help = "Set up the database, load the demo programme and serve it on http://127.0.0.1:8000."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Stop after loading the demo programme.")
        parser.add_argument(
            "--young-people", type=int, default=2600, help="How many young people to create (default 2600)."
        )
        parser.add_argument("--host", default="127.0.0.1", help="Address to serve on (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on (default 8000).")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("setup", verbosity=options["verbosity"])
        password = demo_password()
        self.stdout.write("Loading the demo programme…")
        accounts = build_demo(
            password=password,
            young_people=options["young_people"],
            progress=lambda step: self.stdout.write(f"  {step}"),
        )
        self.stdout.write(self.style.SUCCESS("The demo programme is loaded. Sign in with any of these accounts:"))
        width = max(len(account.username) for account in accounts)
        for account in accounts:
            self.stdout.write(f"  {account.username.ljust(width)}  {account.role.label}")
        self.stdout.write(f"Password for every demo account: {password}")
        if not options["no_serve"]:
            # Demo mode: the demo accounts sign in with the shared password alone (no two-factor codes).
            os.environ["ONRAMP_DEMO_MODE"] = "true"
            self.stdout.write("Demo mode: two-factor sign-in is off for this server.")
            call_command("serve", host=options["host"], port=options["port"])
