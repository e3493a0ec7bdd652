"""The learning story: a programme's own words (purpose, what the work involved, lessons, next steps) around
figures generated from live data when it is shown (what was delivered, and the benefits with their
definitions). Figures are published ones, with disclosure control, because a learning story is shared."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from onramp.core.pdf import Document
from onramp.evaluation.definitions import DEFINITIONS
from onramp.evaluation.disclosure import primary, publish_headline
from onramp.evaluation.headline import headline, people_in_scope
from onramp.evaluation.models import LearningStory
from onramp.journey.models import EventType, JourneyEvent
from onramp.participants.models import Programme
from onramp.training.models import Cohort

DELIVERED = [
    (EventType.PLAN_AGREED, "young people agreed a personalised development plan"),
    (EventType.COURSE_COMPLETED, "young people completed a course"),
    (EventType.INTERVIEW_GUARANTEED, "young people were guaranteed an interview"),
    (EventType.JOB_OFFERED, "young people were offered jobs"),
    (EventType.STARTED_WORK, "young people started work"),
]
DEFINED = {term: words for term, words in DEFINITIONS}


@dataclass(frozen=True)
class Benefit:
    text: str  # the sentence with its figure
    term: str  # the definition that applies


@dataclass(frozen=True)
class Story:
    programme: Programme
    words: LearningStory
    start: datetime.date
    end: datetime.date
    scope_words: str
    delivered: list[str]
    benefits: list[Benefit]

    @property
    def lessons(self) -> list[str]:
        return paragraphs(self.words.lessons)

    @property
    def next_steps(self) -> list[str]:
        return paragraphs(self.words.next_steps)

    @property
    def purpose(self) -> list[str]:
        return paragraphs(self.words.purpose)

    @property
    def delivery(self) -> list[str]:
        return paragraphs(self.words.delivery)


def paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


def words_for(programme: Programme) -> LearningStory:
    """The saved words, or an unsaved blank story to start from."""
    found = LearningStory.objects.filter(programme=programme).first()
    return found or LearningStory(programme=programme, title=f"{programme.name}: learning story", purpose="")


def _shown(count: int) -> str:
    return "a small number of (fewer than 5)" if primary(count) else f"{count:,}"


def build(
    *, programme: Programme, start: datetime.date, end: datetime.date, icbs: list[str] | None, scope_words: str
) -> Story:
    people = people_in_scope(icbs, programme.pk)
    counts = JourneyEvent.objects.filter(
        young_person__in=people, void__isnull=True, occurred_on__gte=start, occurred_on__lte=end
    ).aggregate(
        **{
            str(event_type): Count("young_person", distinct=True, filter=Q(type=event_type))
            for event_type, _ in DELIVERED
        }
    )
    cohorts = Cohort.objects.filter(programme=programme, starts_on__gte=start, starts_on__lte=end)
    if icbs is not None:
        cohorts = cohorts.filter(ics__code__in=icbs)
    delivered = [f"{cohorts.count():,} training cohorts began"]
    delivered += [f"{_shown(counts[str(event_type)])} {words}" for event_type, words in DELIVERED]

    metrics = publish_headline(headline(start=start, end=end, icbs=icbs, programme_id=programme.pk))["metrics"]
    benefits = []
    offered = metrics["offered"]["count"]
    if offered is not None:
        sentence = f"{offered:,} young people offered employment"
        hca = metrics["offered_hca_or_care_worker"]
        if hca["rate"] is not None:
            sentence += f", {hca['rate']:.0%} of them as healthcare assistants or care workers"
        benefits.append(Benefit(sentence + ".", "Young people offered jobs"))
    for key, words, term in [
        (
            "ethnic_minority",
            "of those supported came from ethnic minority backgrounds",
            "Supported from ethnic minority backgrounds",
        ),
        (
            "imd_quintile_1_starters",
            "of starters live in the most deprived fifth of areas (IMD quintile 1)",
            "Starters living in the most deprived fifth of areas",
        ),
        (
            "retained_3_months",
            "of new starters stayed in post for at least 3 months",
            "Starters still in post after 3 months",
        ),
    ]:
        figure = metrics[key]
        if figure["rate"] is not None:
            benefits.append(
                Benefit(f"{figure['rate']:.0%} {words} ({figure['numerator']:,} of {figure['denominator']:,}).", term)
            )
    for row in metrics["survey"]:
        if row["rate"] is not None:
            benefits.append(
                Benefit(
                    f"{row['rate']:.0%} answered yes to survey question {row['survey']} {row['question']} "
                    f"({row['numerator']:,} of {row['denominator']:,}).",
                    "Survey questions",
                )
            )
    return Story(programme, words_for(programme), start, end, scope_words, delivered, benefits)


def pdf(story: Story) -> bytes:
    doc = Document(title=story.words.title)
    doc.heading(story.words.title)
    doc.paragraph(
        f"Figures from live data, {story.start:%d %B %Y} to {story.end:%d %B %Y}, {story.scope_words}, with "
        "disclosure control (counts from 1 to 4 are not shown)."
    )
    doc.heading("What was the purpose of the partnership?", 2)
    for part in story.purpose or ["Not written yet."]:
        doc.paragraph(part)
    doc.heading("What has the work involved?", 2)
    for part in story.delivery:
        doc.paragraph(part)
    doc.paragraph("In the period:")
    doc.bullets(story.delivered)
    doc.heading("What are the benefits?", 2)
    if story.benefits:
        doc.bullets([benefit.text for benefit in story.benefits])
    else:
        doc.paragraph("No figures can be published for this period and scope yet.")
    doc.heading("What are the lessons learned?", 2)
    for part in story.lessons or ["None recorded yet."]:
        doc.paragraph(part)
    doc.heading("What is the next chapter?", 2)
    for part in story.next_steps or ["Not written yet."]:
        doc.paragraph(part)
    doc.heading("How the figures are defined", 2)
    terms = list(dict.fromkeys(benefit.term for benefit in story.benefits))
    doc.table(
        ["Figure", "Definition"],
        [[term, DEFINED[term]] for term in terms] + [["Disclosure control", DEFINED["Disclosure control"]]],
        widths=[1, 3],
    )
    return doc.render()
