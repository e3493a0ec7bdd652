import pytest
from django.core.exceptions import ImproperlyConfigured

from onramp import env


def test_sqlite_absolute_path():
    database = env.parse_database_url("sqlite:////tmp/onramp/test.sqlite3")
    assert database.engine == "django.db.backends.sqlite3"
    assert database.name == "/tmp/onramp/test.sqlite3"


def test_postgres_url_with_everything():
    database = env.parse_database_url("postgres://alice:s%40cret@db.internal:6543/onramp?sslmode=require")
    config = database.as_django()
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("onramp", "alice", "s@cret")
    assert (config["HOST"], config["PORT"]) == ("db.internal", "6543")
    assert config["OPTIONS"] == {"sslmode": "require", "connect_timeout": "5"}
    assert (config["CONN_MAX_AGE"], config["CONN_HEALTH_CHECKS"]) == (60, True)


def test_postgres_connect_timeout_can_be_set_in_the_url():
    database = env.parse_database_url("postgres://db.internal/onramp?connect_timeout=2")
    assert database.as_django()["OPTIONS"] == {"connect_timeout": "2"}


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@localhost/onramp", "must start with sqlite:// or postgres://"),
        ("postgres://localhost", "names no PostgreSQL database"),
        ("postgres://localhost:abc/onramp", "port that is not a number"),
    ],
)
def test_bad_database_urls_fail_loudly(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        env.parse_database_url(url)


def test_unset_database_url_means_sqlite_under_var(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    database = env.env_database("DATABASE_URL", tmp_path / "onramp.sqlite3")
    assert database.name == str(tmp_path / "onramp.sqlite3")


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("yes", True), ("off", False), ("", False)])
def test_env_bool(monkeypatch, value, expected):
    monkeypatch.setenv("ONRAMP_FLAG", value)
    assert env.env_bool("ONRAMP_FLAG") is expected


def test_env_bool_rejects_other_words(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be one of"):
        env.env_bool("DEBUG")


def test_env_int_rejects_words(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "twenty")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must be a whole number"):
        env.env_int("EMAIL_PORT", 25)


def test_secret_key_is_generated_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = env.secret_key(tmp_path)
    assert len(first) >= 50
    assert env.secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_short_secret_key_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "too-short")
    with pytest.raises(ImproperlyConfigured, match="at least 50 characters long"):
        env.secret_key(tmp_path)


def test_replica_url_is_optional_and_postgresql_only(monkeypatch):
    from onramp.env import env_replica_database

    monkeypatch.delenv("DATABASE_REPLICA_URL", raising=False)
    assert env_replica_database("DATABASE_REPLICA_URL") is None
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgres://reader@replica.internal:5432/onramp")
    replica = env_replica_database("DATABASE_REPLICA_URL")
    assert replica is not None and replica.host == "replica.internal" and replica.user == "reader"
    monkeypatch.setenv("DATABASE_REPLICA_URL", "sqlite:////tmp/copy.sqlite3")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_REPLICA_URL must be a PostgreSQL URL"):
        env_replica_database("DATABASE_REPLICA_URL")
