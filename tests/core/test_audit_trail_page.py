"""The audit trail page filters by action, who, record and date, and names filters it could not use."""

import datetime

from django.urls import reverse
from django.utils import timezone

from onramp.core import audit
from onramp.core.models import AuditEntry


def _entry(world, *, target, action="young_person.viewed", days_ago=0):
    entry = audit.record(actor=world.coordinator_kent, action=action, target=target)
    at = timezone.now() - datetime.timedelta(days=days_ago)
    AuditEntry.objects.filter(pk=entry.pk).update(at=at)  # the hash chain covers `at`; this page does not verify
    return entry


def test_filters_by_one_record_from_its_page(client_as, world, people):
    amira, ben = people.kent, people.sussex
    _entry(world, target=amira)
    _entry(world, target=ben)
    client = client_as("admin")
    record_html = client.get(reverse("site:record", args=[amira.pk])).content.decode()
    link = f"{reverse('accounts:audit')}?target=participants.youngperson:{amira.pk}"
    assert link in record_html
    html = client.get(reverse("accounts:audit"), {"target": f"participants.youngperson:{amira.pk}"}).content.decode()
    assert amira.full_name in html and ben.full_name not in html
    assert "Showing one record only" in html
    viewed = AuditEntry.objects.filter(action="audit.viewed").first()
    assert viewed.detail == {"target": f"participants.youngperson:{amira.pk}"}


def test_the_link_is_only_for_those_who_may_see_the_trail(client_as, world, people):
    html = client_as("coordinator_kent").get(reverse("site:record", args=[people.kent.pk])).content.decode()
    assert "audit trail" not in html.lower()


def test_filters_by_part_of_a_record_label_and_by_dates(client_as, world, people):
    _entry(world, target=people.kent, days_ago=10)
    _entry(world, target=people.sussex, days_ago=1)
    client = client_as("admin")
    html = client.get(reverse("accounts:audit"), {"record": people.sussex.family_name}).content.decode()
    assert people.sussex.full_name in html and people.kent.full_name not in html
    ten_days_ago = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    html = client.get(reverse("accounts:audit"), {"date_from": ten_days_ago, "date_to": ten_days_ago}).content.decode()
    assert people.kent.full_name in html and people.sussex.full_name not in html


def test_bad_dates_are_named_and_left_out(client_as, world, people):
    _entry(world, target=people.kent)
    client = client_as("admin")
    html = client.get(reverse("accounts:audit"), {"date_from": "31/02/2026", "actor": "coordinator"}).content.decode()
    assert "Some filters were left out" in html
    assert "The start date must be a real date" in html
    assert people.kent.full_name in html  # the other filters still apply
    html = client.get(reverse("accounts:audit"), {"date_from": "2026-06-01", "date_to": "2026-05-01"}).content.decode()
    assert "The end date must be the same as or after the start date" in html


def test_a_malformed_record_link_is_ignored(client_as, world, people):
    _entry(world, target=people.kent)
    html = client_as("admin").get(reverse("accounts:audit"), {"target": "not a record"}).content.decode()
    assert "Showing one record only" not in html and people.kent.full_name in html
