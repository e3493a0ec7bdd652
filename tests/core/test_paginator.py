"""The capped paginator: a bounded count, and words that say when the list goes on."""

from __future__ import annotations

import pytest

from onramp.accounts.models import Organisation
from onramp.core.paginator import CappedPaginator


def test_a_short_list_is_counted_exactly():
    paginator = CappedPaginator(list(range(30)), 10, cap=100)
    assert (paginator.count, paginator.capped, paginator.count_label, paginator.pages_label) == (30, False, "30", "3")


def test_a_long_list_stops_counting_at_the_cap():
    paginator = CappedPaginator(list(range(1000)), 10, cap=100)
    assert paginator.count == 100
    assert paginator.capped
    assert paginator.count_label == "more than 100"
    assert paginator.pages_label == "more than 10"
    assert paginator.get_page(99).number == 10  # past the cap: the last counted page


@pytest.mark.django_db
def test_a_queryset_is_counted_with_one_bounded_query(django_assert_num_queries):
    for n in range(5):
        Organisation.objects.create(name=f"Org {n}", kind="funder")
    paginator = CappedPaginator(Organisation.objects.order_by("name"), 2, cap=3)
    with django_assert_num_queries(1):
        assert paginator.count == 3
    assert paginator.capped
