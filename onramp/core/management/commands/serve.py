"""``onramp serve``: the production-style server (gunicorn, WhiteNoise, DEBUG off), a task worker, and the hourly
pruning of finished tasks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from onramp.core import audit

WORKER_RESTART_SECONDS = 3
PRUNE_EVERY_SECONDS = 60 * 60


def prune_arguments() -> list[str]:
    """The command that deletes finished tasks' rows older than TASK_RESULTS_KEEP_DAYS (django-tasks-db's own)."""
    days = str(settings.TASK_RESULTS_KEEP_DAYS)
    return ["prune_db_task_results", "--queue-name", "*", "--min-age-days", days, "--verbosity", "0"]


class Command(BaseCommand):
    help = "Serve Onramp with gunicorn and WhiteNoise, with a background task worker alongside."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on (default 8000).")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2).")
        parser.add_argument("--no-worker", action="store_true", help="Do not start the background task worker.")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.DEBUG:
            raise CommandError("onramp serve runs with DEBUG off: unset DEBUG and try again.")
        call_command("collectstatic", interactive=False, verbosity=0)
        env = os.environ.copy()
        env.setdefault("DJANGO_SETTINGS_MODULE", "onramp.settings")
        bind = f"{options['host']}:{options['port']}"

        def start_worker() -> subprocess.Popen[bytes]:
            return subprocess.Popen([sys.executable, "-m", "onramp.cli", "db_worker", "--queue-name", "*"], env=env)

        def start_pruning() -> subprocess.Popen[bytes]:
            return subprocess.Popen([sys.executable, "-m", "onramp.cli", *prune_arguments()], env=env)

        worker = None if options["no_worker"] else start_worker()
        # With the worker, finished tasks are pruned at start and then hourly, each run its own short process (a
        # database that is away makes one run fail, not the server).
        pruning = None if options["no_worker"] else start_pruning()
        pruned_at = time.monotonic()
        gunicorn = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "onramp.wsgi:application",
                "--bind",
                bind,
                "--workers",
                str(options["workers"]),
                "--access-logfile",
                "-",
                "--forwarded-allow-ips",
                "127.0.0.1",
            ],
            env=env,
        )
        self.stdout.write(self.style.SUCCESS(f"Onramp is being served at http://{bind}/ (Ctrl+C stops it)."))
        stopping = False

        def stop(*_: Any) -> None:
            nonlocal stopping
            stopping = True
            for child in [gunicorn, *([worker] if worker else [])]:
                if child.poll() is None:
                    child.terminate()

        signal.signal(signal.SIGTERM, stop)
        # Seals the audit trail every few seconds and checkpoints it (onramp.core.audit.Schedule).
        audit_schedule = audit.Schedule()
        try:
            # The worker stops when the database goes away (a restart, a failover): start it again, every few
            # seconds, until it stays up, so background tasks resume when the database returns.
            while gunicorn.poll() is None and not stopping:
                if (
                    pruning is not None
                    and pruning.poll() is not None
                    and time.monotonic() - pruned_at > PRUNE_EVERY_SECONDS
                ):
                    pruning, pruned_at = start_pruning(), time.monotonic()
                if worker is not None and worker.poll() is not None:
                    self.stderr.write(f"The task worker stopped (exit {worker.returncode}); starting it again.")
                    time.sleep(WORKER_RESTART_SECONDS)
                    if not stopping:
                        worker = start_worker()
                audit_schedule.tick()
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for child in [gunicorn, *([worker] if worker else [])]:
                child.wait(timeout=20)
            if pruning is not None and pruning.poll() is None:
                pruning.terminate()
