"""Schemathesis generates requests, valid and invalid, from /api/v1/openapi.json for every operation and checks
that none gets a server error."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from onramp.accounts import tokens


@pytest.fixture
def keep_the_test_connection():
    """Calling the WSGI application directly sends request_started/finished, whose handler closes the database
    connection (and with it the test's transaction on PostgreSQL). Django's test client avoids this the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_no_operation_gives_a_server_error(people, world, keep_the_test_connection):
    from onramp.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    admin = {"Authorization": f"Bearer {tokens.create_token(actor=None, user=world.admin)}"}
    # Candidates are a provider's recruiters' routes: an administrator would only be refused.
    recruiter = {"Authorization": f"Bearer {tokens.create_token(actor=None, user=world.recruiter_care)}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 11
    for operation in operations:
        headers = recruiter if "/candidates" in operation.path else admin
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck))
            def check(case):
                case.call_and_validate(headers=headers, checks=[not_a_server_error])  # noqa: B023 (called at once)

            check()
