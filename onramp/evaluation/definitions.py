"""Plain-words definitions of every published figure, for the funder return's definitions sheet and the
learning story. docs/metrics.md is the full reference; keep the two saying the same thing."""

from __future__ import annotations

DEFINITIONS: list[tuple[str, str]] = [
    ("Period", "From and to dates, both days included. 'As of' is the day retention is judged on: the period's end."),
    (
        "Scope",
        "National, or integrated care boards (ICBs) matched against the ICB of the young person's home postcode "
        "(2011 LSOA, July 2022 lookup). People whose postcode cannot be located count only nationally.",
    ),
    ("Voided events", "Events recorded in error and voided never count."),
    (
        "Who counts",
        "Young people eligible on the day they registered (the programme's age and residence rules), or whose "
        "eligibility a regional lead overrode with a written reason. People registered but not eligible, and not "
        "overridden, are in no figure.",
    ),
    (
        "Registered, not eligible",
        "Young people registered in the period who were not eligible when they registered and have not been "
        "overridden: shown apart on the programme dashboard, in no other figure.",
    ),
    ("Young people supported", "Young people with a registration dated in the period."),
    ("Young people offered jobs", "Distinct young people with at least one job offer dated in the period."),
    (
        "Offers as healthcare assistant or care worker",
        "Of those offered jobs, those whose earliest offer in the period was for a healthcare assistant or care "
        "worker role.",
    ),
    (
        "Supported from ethnic minority backgrounds",
        "Of those supported whose ethnic group is known, those not White British (ONS 2021 code 13): the ONS and "
        "Race Disparity Unit definition. 'Not known' counts those with no group or who preferred not to say.",
    ),
    (
        "Supported from outside the White groups",
        "Same denominator; those outside the White groups (ONS 2021 codes 13 to 17).",
    ),
    (
        "Young people starting work",
        "Distinct young people with at least one start in work dated in the period; their start date is the "
        "earliest in the period.",
    ),
    (
        "Starters living in the most deprived fifth of areas",
        "Of starters whose postcode is located in England, those living in IMD 2019 deciles 1 or 2 (quintile 1). "
        "'Not known' counts the other starters.",
    ),
    (
        "Starters still in post after 3 months",
        "Of starters whose 3-month date (the start date plus three calendar months, clipped to the month's end) "
        "is on or before the 'as of' day, those who did not leave before that date. Leaving on the 3-month date "
        "counts as retained. 'Pending' counts starters not yet due.",
    ),
    ("Survey questions", "Per question with yes or no answers in the period: yes ÷ (yes + no)."),
    ("Rate", "Numerator ÷ denominator, to 4 decimal places (shown as a percentage); none when the denominator is 0."),
    (
        "95% interval",
        "The Wilson score 95% confidence interval of a rate: the range the underlying rate probably lies in.",
    ),
    (
        "Funnel",
        "Of those supported in the period, how many reached each step by the period's end: plan agreed, course "
        "completed, interview guaranteed, offered, started, and still in post at 3, 6 and 12 months after their "
        "first start.",
    ),
    (
        "Breakdowns",
        "Each column splits a headline count, so it adds up to that count. A young person's own details (home ICB, "
        "ethnic group, age on registration, sex, deprivation quintile) split every column; an event's details "
        "(provider, role, date) split that event's column, using the person's first such event in the period. "
        "Quarters are financial-year quarters (April to June is Q1).",
    ),
    (
        "Progressions",
        "Progressed events dated in the period (not voided) of the young people who count, by the kind of the "
        "progression recorded with them: apprenticeship, band change or promotion, qualification, training place; "
        "'kind not recorded' for a progression imported without its kind. The young people column counts each "
        "person once per kind; its total counts each person once.",
    ),
    (
        "Targets",
        "Each programme phase's targets, judged over the phase's dates up to the 'as of' day, for that programme's "
        "young people in scope. A share target is met when the rate reaches it; the interval shows whether the "
        "difference could be chance.",
    ),
    (
        "Representativeness",
        "The ethnic groups (5 ONS groups) of young people supported whose group is known, against the Census 2021 "
        "usual residents of all ages in the ICBs in scope (nationally: the ICBs the intake lives in). All ages, so "
        "not like for like with an intake aged 16 to 30.",
    ),
    (
        "Disclosure control",
        "In published figures, counts from 1 to 4 are hidden ([c]), and so are further cells where a hidden count "
        "could otherwise be worked out from a total. Rates of hidden cells are hidden too. 0 is shown.",
    ),
]

CENSUS_ATTRIBUTION = (
    "Census 2021 population: Office for National Statistics, TS021 ethnic group, usual residents of all ages. "
    "Contains public sector information licensed under the Open Government Licence v3.0."
)
