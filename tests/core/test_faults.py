"""Fault tests against real processes on PostgreSQL: the database stopping and coming back under a running
`onramp serve`, an import killed midway, and two `onramp serve` processes on one database.

PostgreSQL "stops" by cutting a small TCP proxy that the server under test connects through, and "returns" by
restoring it; nothing touches the PostgreSQL server itself. Timings are generous: these test behaviour, not speed.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from conftest import PERSONA_PASSWORD

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="fault tests run real `onramp serve` processes on a shared PostgreSQL database (the PostgreSQL run)",
    ),
]

BASE_DIR = Path(__file__).resolve().parents[2]
SECRET = "fault-tests-" + "s3cr3t-k3y-" * 5
ENCRYPTION_KEY = "Zm9yLWZhdWx0LXRlc3RzLW9ubHktMzItYnl0ZXMtISE="  # 32 bytes, tests only


class TcpProxy:
    """Forwards a local port to PostgreSQL. ``cut()`` drops every connection and refuses new ones, as a stopped
    server would; ``restore()`` lets connections through again."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.closed = False
        self.sockets: set[socket.socket] = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            client.settimeout(None)
            with self.lock:
                self.sockets |= {client, server}
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            self._drop(source, sink)

    def _drop(self, *sockets: socket.socket) -> None:
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()
            with self.lock:
                self.sockets.discard(sock)

    def cut(self) -> None:
        self.up = False
        with self.lock:
            sockets = list(self.sockets)
        self._drop(*sockets)

    def restore(self) -> None:
        self.up = True

    def close(self) -> None:
        self.closed = True
        self.cut()
        self.listener.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url(port: int | None = None) -> str:
    settings = connection.settings_dict
    host = settings["HOST"] or "127.0.0.1"
    user = settings["USER"] or "postgres"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{user}{password}@{host}:{port or settings['PORT'] or 5432}/{settings['NAME']}?connect_timeout=2"


def _environment(database_url: str, var_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "DJANGO_ALLOW"))}
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY=SECRET,
        ONRAMP_ENCRYPTION_KEYS=ENCRYPTION_KEY,
        ONRAMP_VAR_DIR=str(var_dir),
        ONRAMP_TWO_FACTOR="false",
        DEBUG="false",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


class Server:
    """A real `onramp serve` (gunicorn and, unless told not to, the task worker) on a free port."""

    def __init__(self, database_url: str, var_dir: Path, *, worker: bool = True) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(var_dir / f"serve-{self.port}.log", "w+b")  # noqa: SIM115
        command = [sys.executable, "-m", "onramp.cli", "serve", "--port", str(self.port), "--workers", "2"]
        self.process = subprocess.Popen(
            command + ([] if worker else ["--no-worker"]),
            cwd=BASE_DIR,
            env=_environment(database_url, var_dir),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait_until(lambda: self.get("/healthz").status_code == 200, seconds=90, what="the server to start")

    def get(self, path: str, session=None, **kwargs):
        import requests

        try:
            return (session or requests).get(self.url + path, timeout=15, allow_redirects=False, **kwargs)
        except requests.ConnectionError:
            return _NoAnswer()

    def post(self, path: str, session, data: dict[str, str]):
        data = {"csrfmiddlewaretoken": _csrf_token(self.get(path, session).text), **data}
        return session.post(self.url + path, data=data, timeout=15, allow_redirects=False)

    def sign_in(self, session, username: str, password: str = PERSONA_PASSWORD):
        return self.post("/sign-in/", session, {"username": username, "password": password})

    def wait_until(self, condition, *, seconds: float, what: str) -> float:
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            if self.process.poll() is not None:
                pytest.fail(f"onramp serve stopped while waiting for {what}:\n{self.output()}")
            if condition():
                return time.monotonic() - started
            time.sleep(0.25)
        pytest.fail(f"Waited {seconds} s for {what}:\n{self.output()}")

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-4000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


class _NoAnswer:
    status_code = 0
    text = ""
    headers: dict[str, str] = {}


def _csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token on the form"
    return match.group(1)


@pytest.fixture
def servers(tmp_path):
    started: list[Server] = []

    def start(database_url: str, *, worker: bool = True) -> Server:
        server = Server(database_url, tmp_path, worker=worker)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def proxy():
    settings = connection.settings_dict
    tcp = TcpProxy((settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432)))
    yield tcp
    tcp.close()


def _young_person_with_email(world, email: str):
    from onramp.participants import services
    from onramp.participants.models import Programme

    programme = Programme.objects.create(name="South East pathway")
    programme.icss.set([world.kent])
    person = services.register(
        actor=world.coordinator_kent,
        programme=programme,
        given_name="Dee",
        family_name="Okafor",
        date_of_birth=datetime.date(2004, 5, 17),
        registered_on=datetime.date(2024, 1, 10),
        ics=world.kent,
        email=email,
    )
    person.account = world.young_person_a
    person.save(update_fields=["account"])
    return person


def _usable_password(*users) -> None:
    """The tests hash passwords with MD5 for speed; the servers under test know only their production hashers."""
    from django.contrib.auth.hashers import Argon2PasswordHasher

    for user in users:
        user.password = Argon2PasswordHasher().encode(PERSONA_PASSWORD, Argon2PasswordHasher().salt())
        user.save(update_fields=["password"])


def _sign_in_link_is_sent(server: Server, session, email: str) -> None:
    """Ask for a young person's sign-in link on this server: the message is queued as a background task."""
    response = server.post("/my/sign-in/", session, {"email": email})
    assert response.status_code == 302, server.output()


def _sent(email: str) -> bool:
    from onramp.notifications.models import Notification

    return Notification.objects.filter(kind="sign_in_link", status="sent").exists()


def test_database_stopping_gives_503_quickly_and_the_same_server_recovers(world, servers, proxy):
    import requests

    from onramp.accounts.tokens import create_token

    token = create_token(actor=None, user=world.admin)
    _usable_password(world.admin)
    _young_person_with_email(world, "young-a@example.org")
    server = servers(_database_url(proxy.port))
    pid = server.process.pid
    browser = requests.Session()
    assert server.sign_in(browser, "admin").status_code == 302
    assert server.get("/accounts/", browser).status_code == 200

    proxy.cut()  # PostgreSQL stops
    for path, session, headers in [
        ("/healthz", None, {}),
        ("/accounts/", browser, {}),
        ("/young-people/", browser, {}),
        ("/api/v1/participants", None, {"Authorization": f"Bearer {token}"}),
    ]:
        started = time.monotonic()
        response = server.get(path, session, headers=headers)
        took = time.monotonic() - started
        assert response.status_code == 503, f"{path}: {response.status_code}\n{server.output()}"
        assert took < 8, f"{path} took {took:.1f} s to answer 503"
        assert response.headers.get("Retry-After") == "30"
    assert "the service is unavailable" in server.get("/accounts/", browser).text
    assert (
        server.get("/api/v1/participants", headers={"Authorization": f"Bearer {token}"})
        .headers["Content-Type"]
        .startswith("application/problem+json")
    )

    # The task worker notices within seconds on a quiet machine; wait for it rather than guess how long (a busy
    # machine took more than 5 seconds).
    server.wait_until(lambda: "The task worker stopped" in server.output(), seconds=60, what="the task worker to stop")
    proxy.restore()  # PostgreSQL returns
    server.wait_until(lambda: server.get("/healthz").status_code == 200, seconds=30, what="/healthz to answer 200")
    # The same process, the same signed-in session: pages work again without restarting anything.
    server.wait_until(
        lambda: server.get("/accounts/", browser).status_code == 200, seconds=15, what="the page to answer 200"
    )
    assert server.process.pid == pid and server.process.poll() is None
    # Background tasks run again: the worker stopped while the database was away, and serve started it again.
    assert "The task worker stopped" in server.output()
    _sign_in_link_is_sent(server, requests.Session(), "young-a@example.org")
    server.wait_until(lambda: _sent("young-a@example.org"), seconds=60, what="the queued message to be sent")


def test_two_servers_on_one_database_behave_as_one(world, servers):
    import requests

    from onramp.accounts import services as accounts
    from onramp.accounts.models import Role

    _young_person_with_email(world, "young-a@example.org")
    target = accounts.create_user(
        actor=None, username="target", email="target@example.org", role=Role.ADMINISTRATOR, password=PERSONA_PASSWORD
    )
    _usable_password(world.admin, target)
    url = _database_url()
    first = servers(url)  # with the task worker
    second = servers(url, worker=False)  # without one

    # Sessions: signed in on one, the same cookie is signed in on the other; signing out on one signs out both.
    on_first = requests.Session()
    assert first.sign_in(on_first, "admin").status_code == 302
    on_second = requests.Session()
    on_second.cookies.set("sessionid", on_first.cookies["sessionid"])
    response = second.get("/accounts/", on_second)
    assert response.status_code == 200 and "Tester" in response.text
    on_second.cookies.set("csrftoken", on_first.cookies["csrftoken"])
    response = on_second.post(
        second.url + "/sign-out/",
        data={"csrfmiddlewaretoken": _csrf_token(second.get("/accounts/", on_second).text)},
        headers={"Referer": second.url + "/accounts/"},
        allow_redirects=False,
        timeout=15,
    )
    assert response.status_code == 302
    assert first.get("/accounts/", on_first).status_code == 302  # sent to sign in

    # The sign-in lockout counts failures made on either server.
    attacker = requests.Session()
    for server in (first, first, first, second, second):
        assert server.sign_in(attacker, "target", "wrong password!").status_code == 200
    for server in (first, second):
        response = server.sign_in(requests.Session(), "target")
        assert response.status_code == 200 and "Too many failed attempts" in response.text

    # A background task queued by the server without a worker is run by the other's worker.
    _sign_in_link_is_sent(second, requests.Session(), "young-a@example.org")
    first.wait_until(lambda: _sent("young-a@example.org"), seconds=60, what="the queued message to be sent")

    # Caches: each server keeps the dashboard's figures rendered; a target removed on one is gone from both at once.
    from onramp.participants.models import Programme, ProgrammePhase, Target

    programme = Programme.objects.create(name="National pathway")
    phase = ProgrammePhase.objects.create(
        programme=programme, name="Extension", starts_on=datetime.date(2023, 10, 1), ends_on=datetime.date(2027, 9, 30)
    )
    target = Target.objects.create(phase=phase, metric="supported", comparison="at_least", value=2)
    signed_in = {server: requests.Session() for server in (first, second)}
    for server, session in signed_in.items():
        assert server.sign_in(session, "admin").status_code == 302
        assert "at least 2" in server.get("/evaluation/", session).text
    removed = first.post(
        f"/programmes/{programme.pk}/phases/{phase.pk}/targets/{target.pk}/remove/", signed_in[first], {}
    )
    assert removed.status_code == 302
    for server, session in signed_in.items():
        page = server.get("/evaluation/", session)
        figures = page.text.partition("Headline figures")[2]  # (the first page also says "Target removed: …")
        assert page.status_code == 200 and figures and "at least 2" not in figures


def _participants_file(path: Path, rows: int) -> Path:
    with path.open("w") as handle:
        handle.write("participant_id,given_name,family_name,date_of_birth,registered_on,email\n")
        for number in range(rows):
            handle.write(f"KILL-{number:06d},Person,Number{number},2003-04-05,2024-01-15,p{number}@example.org\n")
    return path


def _writing_backends(database: str) -> int:
    """Connections to the test database, other than ours, inside a transaction that has written something."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid() "
            "AND backend_xid IS NOT NULL",
            [database],
        )
        return cursor.fetchone()[0]


def test_an_import_killed_midway_leaves_nothing(world, tmp_path):
    from onramp.core.models import AuditEntry
    from onramp.participants.models import Programme, YoungPerson

    programme = Programme.objects.create(name="South East pathway")
    programme.icss.set([world.kent])
    source = _participants_file(tmp_path / "participants.csv", 20_000)
    before = (YoungPerson.objects.count(), AuditEntry.objects.count())
    database = connection.settings_dict["NAME"]
    process = subprocess.Popen(
        [sys.executable, "-m", "onramp.cli", "import", "participants", str(source), "--no-progress"],
        cwd=BASE_DIR,
        env=_environment(_database_url(), tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        started = time.monotonic()
        while _writing_backends(database) == 0:
            assert process.poll() is None, f"the import ended before it was killed: {process.stdout.read()!r}"
            assert time.monotonic() - started < 120, "the import never started writing"
            time.sleep(0.05)
        time.sleep(1)  # well into writing
        assert process.poll() is None, "the import finished before it could be killed: make the file bigger"
        process.kill()
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    started = time.monotonic()
    while _writing_backends(database):  # PostgreSQL rolls the dead client's transaction back
        assert time.monotonic() - started < 30
        time.sleep(0.1)
    assert (YoungPerson.objects.count(), AuditEntry.objects.count()) == before
    assert not YoungPerson.objects.filter(reference__startswith="KILL-").exists()
