"""The read-replica router: reads inside replica_reads() go to the replica when one is configured; writes, and
reads anywhere else, go to the primary."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from onramp.accounts.models import User
from onramp.core import routers
from onramp.core.routers import ReplicaRouter, replica_reads

BASE_DIR = Path(__file__).resolve().parents[2]


def test_without_a_replica_nothing_is_routed():
    router = ReplicaRouter()
    assert router.db_for_read(User) is None
    with replica_reads() as alias:
        assert alias == "default"
        assert router.db_for_read(User) is None


def test_with_a_replica_only_reads_inside_the_block_go_to_it(monkeypatch):
    monkeypatch.setattr(routers, "replica_configured", lambda: True)
    router = ReplicaRouter()
    assert router.db_for_read(User) is None
    with replica_reads() as alias:
        assert alias == "replica"
        assert router.db_for_read(User) == "replica"
        assert router.db_for_write(User) is None
    assert router.db_for_read(User) is None
    assert router.allow_migrate("replica", "participants") is False
    assert router.allow_migrate("default", "participants") is True


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="a read replica is a PostgreSQL deployment (the PostgreSQL run)",
)
def test_a_configured_replica_answers_the_reads_of_the_block():
    """End to end through the real settings: DATABASE_REPLICA_URL (here the same database) becomes the `replica`
    alias, and a query inside replica_reads() runs on that connection while one outside runs on the primary."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    script = (
        "from django.db import connections\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "from onramp.accounts.models import User\n"
        "from onramp.core.routers import replica_reads\n"
        "with CaptureQueriesContext(connections['replica']) as replica, "
        "CaptureQueriesContext(connections['default']) as primary:\n"
        "    with replica_reads():\n"
        "        User.objects.count()\n"
        "    User.objects.exists()\n"
        "print(len(replica), len(primary))\n"
    )
    env = os.environ | {"DATABASE_URL": url, "DATABASE_REPLICA_URL": url, "DJANGO_SETTINGS_MODULE": "onramp.settings"}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{script}"],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "1"]
