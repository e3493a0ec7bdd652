"""The pinned commands: onramp setup, onramp demo --no-serve, onramp serve's guard."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from onramp.accounts.models import Organisation, Role, User
from onramp.site.demo import DEMO_ACCOUNTS


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_setup_is_idempotent():
    assert "The database is ready" in run("setup")
    assert "The database is ready" in run("setup")


@pytest.mark.django_db
def test_demo_loads_the_programme_and_prints_the_accounts(monkeypatch):
    monkeypatch.setenv("ONRAMP_DEMO_PASSWORD", "demo-password-for-tests")
    output = run("demo", no_serve=True, young_people=30)
    for username in [
        "coordinator-kent",
        "coordinator-sussex",
        "lead-southeast",
        "employer-scas",
        "employer-care",
        "funder",
        "admin",
    ]:
        assert username in output
        assert User.objects.get(username=username).check_password("demo-password-for-tests")
    assert "Password for every demo account: demo-password-for-tests" in output
    assert Organisation.objects.icss().filter(region="South East").count() == 6
    assert User.objects.get(username="coordinator-kent").icss.get().code == "QKS"
    assert User.objects.get(username="employer-scas").organisation.code == "RYE"
    assert User.objects.get(username="lead-southeast").role == Role.REGIONAL_LEAD
    from onramp.participants.models import Programme

    programme = Programme.objects.get()
    assert programme.funder.kind == "funder" and programme.delivery_partner.kind == "delivery_partner"
    phases = list(programme.phases.values_list("name", "ends_on"))
    assert [name for name, _ in phases] == ["First phase", "Extension"]
    assert {str(t) for t in programme.phases.get(name="Extension").targets.all()} == {
        "Supported from ethnic minority backgrounds: at least 10%"
    }
    assert programme.learning_story.lessons.startswith("Flexibility is fundamental")
    from onramp.accounts.models import KeyContact
    from onramp.recruitment.models import Vacancy
    from onramp.training.models import CourseTemplate

    providers = Organisation.objects.providers().count()
    assert KeyContact.objects.count() == 3 * providers and CourseTemplate.objects.count() == providers
    assert Vacancy.objects.filter(closed=False).count() == providers
    from onramp.grants.models import GrantBudget
    from onramp.support.models import Mentor, Survey

    assert (
        GrantBudget.objects.count() == 12 and Mentor.objects.count() == 3 and Survey.objects.get().code == "wellbeing"
    )


@pytest.mark.django_db
def test_demo_runs_twice_without_duplicating(monkeypatch):
    monkeypatch.setenv("ONRAMP_DEMO_PASSWORD", "first-password-long")
    run("demo", no_serve=True, young_people=30)
    counts = (Organisation.objects.count(), User.objects.count())
    monkeypatch.setenv("ONRAMP_DEMO_PASSWORD", "second-password-long")
    run("demo", no_serve=True, young_people=30)
    assert (Organisation.objects.count(), User.objects.count()) == counts == (counts[0], len(DEMO_ACCOUNTS))
    from onramp.participants.models import ProgrammePhase

    assert ProgrammePhase.objects.count() == 2
    from onramp.recruitment.models import Vacancy

    assert Vacancy.objects.filter(closed=False).count() == Organisation.objects.providers().count()
    assert User.objects.get(username="admin").check_password("second-password-long")


@pytest.mark.django_db
def test_generated_demo_password_is_kept(monkeypatch, settings, tmp_path):
    monkeypatch.delenv("ONRAMP_DEMO_PASSWORD", raising=False)
    settings.VAR_DIR = tmp_path
    first = run("demo", no_serve=True, young_people=30)
    second = run("demo", no_serve=True, young_people=30)
    password = (tmp_path / "demo_password").read_text()
    assert f"Password for every demo account: {password}" in first
    assert f"Password for every demo account: {password}" in second


def test_serve_refuses_debug(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("serve")


def test_the_console_script_runs_django_commands(capsys):
    from onramp.cli import main

    assert main(["help", "--commands"]) == 0
    assert {"setup", "serve", "demo"} <= set(capsys.readouterr().out.split())


def test_deploy_check_passes_apart_from_https(tmp_path):
    """`check --deploy` with production settings: only the HTTPS warnings the README documents remain."""
    import subprocess
    import sys

    env = {
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": "x" * 20 + "-production-secret-key-" + "y" * 20,
        "ALLOWED_HOSTS": "onramp.example",
        "EMAIL_HOST": "smtp.example",
        "ONRAMP_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "onramp.cli", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
    )
    output = result.stdout + result.stderr
    assert "System check identified" in output, output
    warnings = set(re.findall(r"\((\w+\.[EW]\d+)\)", output))
    assert warnings <= {"security.W004", "security.W008", "security.W012", "security.W016"}, output


def test_deploy_check_is_clean_behind_https(tmp_path):
    """With the HTTPS settings the README gives, `check --deploy` reports nothing at all."""
    import subprocess
    import sys

    env = {
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": "x" * 20 + "-production-secret-key-" + "y" * 20,
        "ALLOWED_HOSTS": "onramp.example",
        "EMAIL_HOST": "smtp.example",
        "ONRAMP_VAR_DIR": str(tmp_path),
        "BEHIND_HTTPS_PROXY": "true",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_COOKIES": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_PRELOAD": "true",
    }
    result = subprocess.run(
        [sys.executable, "-m", "onramp.cli", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "System check identified no issues" in output, output
