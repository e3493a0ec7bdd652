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
