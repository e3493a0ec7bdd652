import json

from django.db import DatabaseError


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_does_not(client, db, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise DatabaseError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", broken)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "error"}


def test_a_bad_host_gets_the_400_page_not_a_crash(client, db, settings):
    settings.ALLOWED_HOSTS = ["onramp.example"]
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Sorry, there is a problem with this request" in response.content.decode()


def test_a_database_error_on_any_page_is_503_not_500(rf):
    """When the database cannot be reached the 500 handler answers 503 (with Retry-After), without touching the
    database; any other error stays a 500."""
    from django.db import OperationalError

    from onramp.core.views import server_error

    try:
        raise OperationalError("connection to server failed: Connection refused")
    except OperationalError:
        response = server_error(rf.get("/young-people/"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"the service is unavailable" in response.content
    try:
        raise ValueError("a bug")
    except ValueError:
        assert server_error(rf.get("/young-people/")).status_code == 500
