"""``onramp journey reactions``: the reactions table (event type → handlers, in the order they run)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from onramp.journey import reactions


def reactions_table() -> str:
    """The table as Markdown, as docs/ARCHITECTURE.md holds it."""
    lines = ["| event | reaction (in the order they run) | what it does |", "| --- | --- | --- |"]
    for reaction in reactions.table():
        lines.append(f"| `{reaction.event_type}` | `{reaction.name}` | {reaction.summary} |")
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "The journey: what each milestone makes happen in the other stages."

    def add_arguments(self, parser: CommandParser) -> None:
        views = parser.add_subparsers(dest="view", required=True, metavar="VIEW")
        views.add_parser("reactions", help="Print the reactions table: event type → handlers, in order.")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(reactions_table(), ending="")
