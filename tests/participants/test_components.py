"""The caseload's and record's light components (participants/_components.jinja) write the same markup as the
NHS.UK frontend's macros for the parameters those pages use: this keeps them in step when the frontend is
upgraded. Whitespace between tags is not compared."""

from __future__ import annotations

import re

import pytest
from django.template import engines

LIGHT = (
    '{% from "participants/_components.jinja" import '
    "back_link, button_link, submit_button, details, tag, warning_callout %}"
)
NHS = (
    '{% from "nhsuk/components/button/macro.jinja" import button %}'
    '{% from "nhsuk/components/tag/macro.jinja" import tag %}'
    '{% from "nhsuk/components/details/macro.jinja" import details %}'
    '{% from "nhsuk/components/back-link/macro.jinja" import backLink %}'
    '{% from "nhsuk/components/warning-callout/macro.jinja" import warningCallout %}'
)
PAIRS = [
    ('button_link("Add a note", "/notes/")', 'button({"text": "Add a note", "href": "/notes/"})'),
    (
        'button_link("Edit", "/edit/", secondary=true)',
        'button({"text": "Edit", "href": "/edit/", "classes": "nhsuk-button--secondary"})',
    ),
    ('submit_button("Save")', 'button({"text": "Save"})'),
    ('submit_button("Filter", secondary=true)', 'button({"text": "Filter", "classes": "nhsuk-button--secondary"})'),
    ('tag("Overdue", "nhsuk-tag--red")', 'tag({"text": "Overdue", "classes": "nhsuk-tag--red"})'),
    (
        'details("Why?", "<p>Because</p>" | safe)',
        'details({"summaryText": "Why?", "html": "<p>Because</p>" | safe})',
    ),
    ('back_link("/young-people/", "Back")', 'backLink({"href": "/young-people/", "text": "Back"})'),
    (
        'warning_callout("Withdrawn", "<p>On 1 May</p>" | safe)',
        'warningCallout({"heading": "Withdrawn", "html": "<p>On 1 May</p>" | safe})',
    ),
]


def _render(imports: str, call: str) -> str:
    html = engines["jinja2"].from_string(imports + "{{ " + call + " }}").render({})
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s*>\s*", ">", re.sub(r"\s*<", "<", html)).strip()


@pytest.mark.parametrize(
    ("light", "nhs"), PAIRS, ids=[light.split("(")[0] + str(n) for n, (light, _) in enumerate(PAIRS)]
)
def test_light_components_write_the_nhs_frontends_markup(light, nhs):
    assert _render(LIGHT, light) == _render(NHS, nhs)
