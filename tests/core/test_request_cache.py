"""Values kept once per request: read once inside a request, afresh outside one and in the next request."""

from django.urls import reverse

from onramp.accounts import policy
from onramp.core import request_cache


def test_outside_a_request_nothing_is_kept(world, django_assert_num_queries):
    calls = []
    assert request_cache.once_per_request("k", lambda: calls.append(1) or 1) == 1
    assert request_cache.once_per_request("k", lambda: calls.append(1) or 2) == 2
    assert calls == [1, 1]
    # The policy sees a coordinator's changed ICSs at once outside a request.
    assert policy.caseload_icss(world.coordinator_kent) == [world.kent.pk]
    world.coordinator_kent.icss.add(world.sussex)
    assert sorted(policy.caseload_icss(world.coordinator_kent)) == sorted([world.kent.pk, world.sussex.pk])


def test_a_request_reads_a_coordinators_icss_once_and_the_next_request_afresh(
    client_as, world, people, django_assert_max_num_queries
):
    client = client_as("coordinator_kent")
    url = reverse("site:record", args=[people.kent.pk])
    with django_assert_max_num_queries(30) as first:
        client.get(url)
    reads = [q for q in first.captured_queries if '"accounts_user_icss"' in q["sql"]]
    assert len(reads) == 1
    # Another request sees a change made between them: Sussex's young person becomes visible.
    assert client.get(reverse("site:record", args=[people.sussex.pk])).status_code == 404
    world.coordinator_kent.icss.add(world.sussex)
    assert client.get(reverse("site:record", args=[people.sussex.pk])).status_code == 200


def test_the_keeping_ends_with_the_request():
    computed = []

    def view(request):
        for _ in range(2):
            request_cache.once_per_request("x", lambda: computed.append(1) or 1)
        return "response"

    middleware = request_cache.RequestCacheMiddleware(view)
    assert middleware(object()) == "response" and computed == [1]
    assert request_cache._kept.get() is None
    middleware(object())
    assert computed == [1, 1]
