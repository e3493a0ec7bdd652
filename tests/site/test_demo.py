"""The demo programme's young people: built through the services, at every stage, idempotent."""

from django.db.models import F

from onramp.journey.models import EventType, JourneyEvent
from onramp.participants.models import YoungPerson
from onramp.plans.models import DevelopmentPlan
from onramp.site.demo import DEMO_ACCOUNTS, build_demo
from onramp.support.models import Progression


def test_the_demo_has_young_people_at_every_stage(geography, client):
    build_demo(password="demo-password-long", young_people=300)
    assert YoungPerson.objects.count() == 300
    seen = set(JourneyEvent.objects.counting().values_list("type", flat=True))
    assert seen == set(EventType.values)
    assert DevelopmentPlan.objects.filter(is_current=True).count() > 200
    assert YoungPerson.objects.filter(eligible=False).exists()
    # Everyone's events respect the journey order: no start without an earlier offer.
    for start in JourneyEvent.objects.filter(type="started_work"):
        assert JourneyEvent.objects.filter(
            young_person=start.young_person, type="job_offered", occurred_on__lte=start.occurred_on
        ).exists()
    # Every counting progressed event has its progression (through support.services.record_progression), and no
    # milestone is before its person's registration.
    progressed = JourneyEvent.objects.counting().filter(type=EventType.PROGRESSED)
    assert progressed.exists()
    made = set(Progression.objects.values_list("young_person_id", "progressed_on"))
    assert {(e.young_person_id, e.occurred_on) for e in progressed} <= made
    assert Progression.objects.count() == progressed.count()
    assert not JourneyEvent.objects.filter(occurred_on__lt=F("young_person__registered_on")).exists()
    counts = (YoungPerson.objects.count(), JourneyEvent.objects.count())
    build_demo(password="demo-password-long", young_people=300)
    assert (YoungPerson.objects.count(), JourneyEvent.objects.count()) == counts
    assert len(DEMO_ACCOUNTS) == 8
    # The demo young person's account is joined to a Kent record with a plan, once.
    joined = YoungPerson.objects.get(account__username="young-person")
    assert joined.ics.code == "QKS" and joined.plans.filter(is_current=True).exists()
    client.force_login(joined.account)
    for path in ("/", "/my/plan/", "/my/jobs/", "/my/consents/"):
        assert client.get(path).status_code == 200, path
    assert f"Hello {joined.given_name}" in client.get("/").content.decode()
