"""A small progress bar for long command-line work.

On a terminal it redraws one line; elsewhere (CI, logs) it prints a line at every tenth, so output stays short.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, label: str, total: int | None, *, stream: TextIO | None = None, unit: str = "rows") -> None:
        self.label = label
        self.total = total or None
        self.stream = stream if stream is not None else sys.stderr
        self.unit = unit
        self.done = 0
        self.started = time.monotonic()
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_tenth = -1
        self._last_draw = 0.0

    def set(self, done: int) -> None:
        self.done = done
        self._draw()

    def advance(self, amount: int = 1) -> None:
        self.set(self.done + amount)

    def _draw(self, final: bool = False) -> None:
        if self.total:
            fraction = min(self.done / self.total, 1.0)
            tenth = int(fraction * 10)
            text = f"{self.label}: {fraction:4.0%}"
        else:
            fraction, tenth = 0.0, -1
            text = f"{self.label}: {self.done:,} {self.unit}"
        now = time.monotonic()
        if self._tty:
            if final or now - self._last_draw > 0.1:
                filled = int(fraction * 30)
                bar = f"[{'#' * filled}{'.' * (30 - filled)}] " if self.total else ""
                self.stream.write(f"\r{bar}{text}")
                self.stream.flush()
                self._last_draw = now
        elif final or (self.total and tenth > self._last_tenth):
            self._last_tenth = tenth
            self.stream.write(text + "\n")
            self.stream.flush()

    def finish(self, summary: str = "") -> None:
        if self.total:
            self.done = self.total
        if self._tty:
            self._draw(final=True)
        elapsed = time.monotonic() - self.started
        end = f" — {summary}" if summary else ""
        if self._tty:
            self.stream.write(f" ({elapsed:.1f}s){end}\n")
        else:
            self.stream.write(f"{self.label}: done in {elapsed:.1f}s{end}\n")
        self.stream.flush()
