"""``onramp adduser``: create an account from the command line (the first administrator, say)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from onramp.accounts import services
from onramp.accounts.models import Organisation, Role


class Command(BaseCommand):
    help = "Create an account and print a one-time link for the person to choose their password."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", required=True)
        parser.add_argument("--role", default=Role.ADMINISTRATOR, choices=Role.values)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--organisation", help="ODS code or exact name of the person's organisation.")
        parser.add_argument("--ics", action="append", default=[], help="ODS code of a caseload ICS (repeatable).")
        parser.add_argument("--region", default="", help="For a regional lead: the region led.")
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="Where the site is served.")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = None
        if options["organisation"]:
            key = options["organisation"]
            organisation = (
                Organisation.objects.filter(code=key.upper()).first() or Organisation.objects.filter(name=key).first()
            )
            if organisation is None:
                raise CommandError(f"--organisation: no organisation has the code or name {key!r}.")
        icss = []
        for code in options["ics"]:
            ics = Organisation.objects.icss().filter(code=code.upper()).first()
            if ics is None:
                raise CommandError(f"--ics: no integrated care system has the ODS code {code!r}.")
            icss.append(ics)
        try:
            user = services.create_user(
                actor=None,
                username=options["username"],
                email=options["email"],
                role=options["role"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                organisation=organisation,
                icss=icss,
                region=options["region"],
            )
        except ValidationError as error:
            problems = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
            raise CommandError(problems) from None
        path = reverse(
            "accounts:password-reset-confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        self.stdout.write(self.style.SUCCESS(f"Created {user.username} ({user.get_role_display()})."))
        self.stdout.write(
            f"They choose their password here (works once, for 3 hours): {options['base_url'].rstrip('/')}{path}"
        )
