"""Typed readers for settings that come from the environment.

Every setting Onramp reads comes through one of these functions. A value that is
present but malformed raises ``ImproperlyConfigured`` naming the variable, so a
bad deployment fails at start-up rather than on the first request.
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ImproperlyConfigured(f"Set the environment variable {name}.")
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false, yes/no, on/off or 1/0, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def report_max_age_minutes() -> int:
    """ONRAMP_REPORT_MAX_AGE_MINUTES: how old stored evaluation figures may be, in minutes, before a reader
    queues a refresh (default 15; 0 queues one on every read)."""
    minutes = env_int("ONRAMP_REPORT_MAX_AGE_MINUTES", 15)
    if minutes < 0:
        raise ImproperlyConfigured(f"ONRAMP_REPORT_MAX_AGE_MINUTES must be 0 or more, not {minutes}.")
    return minutes


def report_build_in_request_up_to() -> int:
    """ONRAMP_REPORT_BUILD_IN_REQUEST_UP_TO: up to this many young people, evaluation figures not yet stored are
    worked out while the page waits (seconds); above it they are queued for the task worker and the page says so
    (default 50,000: a national programme's figures take minutes)."""
    people = env_int("ONRAMP_REPORT_BUILD_IN_REQUEST_UP_TO", 50_000)
    if people < 0:
        raise ImproperlyConfigured(f"ONRAMP_REPORT_BUILD_IN_REQUEST_UP_TO must be 0 or more, not {people}.")
    return people


@dataclass(frozen=True)
class Database:
    engine: str
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""
    options: dict[str, str] | None = None

    def as_django(self) -> dict[str, object]:
        config: dict[str, object] = {
            "ENGINE": self.engine,
            "NAME": self.name,
            "USER": self.user,
            "PASSWORD": self.password,
            "HOST": self.host,
            "PORT": self.port,
            "OPTIONS": dict(self.options or {}),
        }
        if self.engine == "django.db.backends.postgresql":
            # Persistent connections, checked before each request reuses one, so that a connection broken by a
            # database restart is replaced rather than failing the next request.
            config["CONN_MAX_AGE"] = 60
            config["CONN_HEALTH_CHECKS"] = True
            # Give up connecting after 5 seconds (unless the URL says otherwise): while the database is away,
            # pages answer 503 quickly instead of hanging the app server's workers.
            options = config["OPTIONS"]
            assert isinstance(options, dict)
            options.setdefault("connect_timeout", "5")
        return config


def parse_database_url(url: str, *, variable: str = "DATABASE_URL") -> Database:
    """Turn ``sqlite:////abs/path`` or ``postgres://user:pass@host:port/name`` into settings."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        # sqlite:////abs/path has the path "//abs/path"; sqlite:///rel/path has "/rel/path".
        path = unquote(parts.path)
        if path.startswith("/"):
            path = path[1:]
        if not path:
            raise ImproperlyConfigured(f"{variable} names no SQLite file: {url!r}.")
        return Database(engine="django.db.backends.sqlite3", name=path)
    if scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured(f"{variable} names no PostgreSQL database: {url!r}.")
        try:
            port = str(parts.port or "")
        except ValueError:
            raise ImproperlyConfigured(f"{variable} has a port that is not a number: {url!r}.") from None
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        return Database(
            engine="django.db.backends.postgresql",
            name=name,
            user=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            host=parts.hostname or "",
            port=port,
            options=options,
        )
    raise ImproperlyConfigured(f"{variable} must start with sqlite:// or postgres://, not {scheme or 'nothing'}://.")


def env_database(name: str, default_sqlite: Path) -> Database:
    value = os.environ.get(name, "").strip()
    if not value:
        return Database(engine="django.db.backends.sqlite3", name=str(default_sqlite))
    return parse_database_url(value, variable=name)


def env_replica_database(name: str) -> Database | None:
    """An optional second database (a read replica): None when unset; PostgreSQL only, since a SQLite file has
    no replicas."""
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    database = parse_database_url(value, variable=name)
    if database.engine != "django.db.backends.postgresql":
        raise ImproperlyConfigured(f"{name} must be a PostgreSQL URL (postgres://…): SQLite has no read replicas.")
    return database


def secret_key(var_dir: Path) -> str:
    """SECRET_KEY from the environment; when unset, one generated once and kept under var/."""
    value = os.environ.get("SECRET_KEY", "").strip()
    if value:
        if len(value) < 50 or len(set(value)) < 5:
            raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long, of varied characters.")
        return value
    key_file = var_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    # Imported here: settings import this module; Django's management package loads only when a key must be made.
    from django.core.management.utils import get_random_secret_key

    var_dir.mkdir(parents=True, exist_ok=True)
    key = get_random_secret_key()
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def encryption_keys(var_dir: Path) -> list[str]:
    """ONRAMP_ENCRYPTION_KEYS: Fernet keys, comma-separated, the first used to encrypt and every one tried to
    decrypt (so a key can be rotated). When unset, one generated once and kept under var/, like SECRET_KEY."""
    value = os.environ.get("ONRAMP_ENCRYPTION_KEYS", "").strip()
    if value:
        keys = [key.strip() for key in value.split(",") if key.strip()]
        for number, key in enumerate(keys, start=1):
            try:
                valid = len(base64.urlsafe_b64decode(key.encode("ascii"))) == 32
            except (binascii.Error, UnicodeEncodeError, ValueError):
                valid = False
            if not valid:
                raise ImproperlyConfigured(
                    f"ONRAMP_ENCRYPTION_KEYS: key {number} is not a Fernet key (32 bytes, URL-safe base64). "
                    "Make one with: onramp encryption_key"
                )
        return keys
    key_file = var_dir / "encryption_key"
    if key_file.exists():
        return [key_file.read_text().strip()]
    var_dir.mkdir(parents=True, exist_ok=True)
    key = base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")
    key_file.write_text(key)
    key_file.chmod(0o600)
    return [key]


def audit_key(var_dir: Path) -> str:
    """ONRAMP_AUDIT_KEY: the secret that signs the audit trail's hash chain (HMAC-SHA-256), so that whoever can
    write to the database cannot rewrite an entry and re-hash the rest. At least 32 characters. When unset, one
    generated once and kept under var/, like SECRET_KEY: set it in production, from somewhere the database's
    administrators cannot read."""
    value = os.environ.get("ONRAMP_AUDIT_KEY", "").strip()
    if value:
        if len(value) < 32 or len(set(value)) < 5:
            raise ImproperlyConfigured(
                "ONRAMP_AUDIT_KEY must be at least 32 characters long, of varied characters. "
                'Make one with: python -c "import secrets; print(secrets.token_urlsafe(48))"'
            )
        return value
    key_file = var_dir / "audit_key"
    if key_file.exists():
        return key_file.read_text().strip()
    import secrets

    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def audit_checkpoint_file() -> Path | None:
    """ONRAMP_AUDIT_CHECKPOINT_FILE: where the audit chain's checkpoints are appended (JSON lines), best on storage
    the database's administrators cannot rewrite; unset, checkpoints go to the log only."""
    value = os.environ.get("ONRAMP_AUDIT_CHECKPOINT_FILE", "").strip()
    if not value:
        return None
    path = Path(value)
    if not path.is_absolute():
        raise ImproperlyConfigured(f"ONRAMP_AUDIT_CHECKPOINT_FILE must be an absolute path, not {value!r}.")
    if path.is_dir():
        raise ImproperlyConfigured(f"ONRAMP_AUDIT_CHECKPOINT_FILE names a directory, not a file: {value!r}.")
    return path


def audit_checkpoint_minutes() -> int:
    """ONRAMP_AUDIT_CHECKPOINT_MINUTES: how often ``onramp serve`` writes a checkpoint of the audit chain (default
    60; 0 never, for when cron runs ``onramp audit checkpoint``)."""
    minutes = env_int("ONRAMP_AUDIT_CHECKPOINT_MINUTES", 60)
    if minutes < 0:
        raise ImproperlyConfigured(f"ONRAMP_AUDIT_CHECKPOINT_MINUTES must be 0 or more, not {minutes}.")
    return minutes
