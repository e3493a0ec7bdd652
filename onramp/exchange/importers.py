"""Spreadsheet imports: participants, events and survey responses, in the pinned formats.

Every import checks every row of the file, streaming it, in one transaction. Any invalid row: every error is
reported as ``row N: COLUMN: message`` and nothing is written (the transaction is rolled back). Otherwise all
rows are written in that one transaction. Running the same file again changes nothing. ``dry_run`` checks and
counts without writing. The command line and the web page both call ``run_import``.

Events and survey responses are checked in one pass and written in a second, through the same services as the
web pages. Participants are checked and written in one pass, a chunk of rows at a time: new people are written
in bulk (COPY on PostgreSQL) with what ``participants.services.register`` writes for each (area, caseload ICS,
eligibility, the ``registered`` event, a ``young_person.registered`` audit entry), and known people whose
details differ are changed through ``participants.services.update_details``; after the first problem nothing
more is written, and checking goes on to the end of the file.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from onramp.accounts import policy
from onramp.accounts.models import Organisation, User
from onramp.accounts.models import Role as Role_
from onramp.core import audit
from onramp.core.bulk import Writer, among
from onramp.core.progress import Progress
from onramp.exchange.readers import Row, Table, UnreadableFile, checksum, count_rows, open_table
from onramp.geography import postcodes
from onramp.geography import services as geography
from onramp.geography.selectors import Area, data_version, lookup
from onramp.journey import services as journey_services
from onramp.journey.models import (
    EVENTS_NEEDING_ELIGIBILITY,
    EVENTS_WITH_ROLE,
    JOURNEY_ORDER,
    EventType,
    JourneyEvent,
    Role,
)
from onramp.journey.rules import Milestone, order_problems
from onramp.participants import services
from onramp.participants.models import (
    EthnicGroup,
    Programme,
    Source,
    SurveyResponse,
    YoungPerson,
    digits,
    evaluate_eligibility,
)

CHUNK = 500
PARTICIPANTS_CHUNK = 1000  # rows checked and written together: a few queries and three bulk inserts a chunk
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,50}$")


@dataclass
class ImportResult:
    kind: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    checksum: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        return (
            f"{self.rows:,} rows: {self.created:,} {verb} created, {self.updated:,} {verb} updated, "
            f"{self.unchanged:,} unchanged."
        )


class RowErrors(list[str]):
    def add(self, row: Row | int, column: str, message: str) -> None:
        number = row.number if isinstance(row, Row) else row
        self.append(f"row {number}: {column}: {message}")


def _date(
    value: str,
    row: Row,
    column: str,
    errors: RowErrors,
    *,
    required: bool = True,
    today: datetime.date | None = None,
) -> datetime.date | None:
    if not value:
        if required:
            errors.add(row, column, "is required (a date written YYYY-MM-DD)")
        return None
    if not _DATE.match(value):
        errors.add(row, column, f"'{value}' is not a date written YYYY-MM-DD")
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        errors.add(row, column, f"'{value}' is not a real date")
        return None
    if day > (today or timezone.localdate()):
        errors.add(row, column, f"{value} is in the future")
        return None
    return day


def _row_number(error: str) -> int:
    match = re.match(r"row (\d+):", error)
    return int(match.group(1)) if match else 0


def _reference(row: Row, errors: RowErrors) -> str:
    """Checks every format shares: the row's length and its participant_id, which is returned."""
    if "__extra__" in row.values:
        errors.add(row, "(end of row)", "the row has more values than the header has columns")
    reference = row.values.get("participant_id", "")
    if not reference:
        errors.add(row, "participant_id", "is required")
    return reference


def _chunks(rows: Iterator[Row], size: int = CHUNK) -> Iterator[list[Row]]:
    while chunk := list(islice(rows, size)):
        yield chunk


class Importer:
    kind = ""
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()

    def __init__(
        self,
        *,
        actor: User | None,
        dry_run: bool = False,
        ignore_unknown: bool = False,
        progress: Progress | None = None,
        **options: Any,
    ) -> None:
        self.actor = actor
        self.dry_run = dry_run
        self.ignore_unknown = ignore_unknown
        self.progress = progress
        self.options = options
        self.today = timezone.localdate()  # "in the future" is judged against the day the import started

    def header_errors(self, table: Table) -> list[str]:
        errors = []
        known = set(self.required) | set(self.optional)
        missing = [column for column in self.required if column not in table.header]
        if missing:
            errors.append(f"row 1: the file has no {', '.join(missing)} column{'s' if len(missing) > 1 else ''}.")
        repeated = [column for column, n in Counter(table.header).items() if n > 1 and column]
        for column in repeated:
            errors.append(f"row 1: {column}: the column appears more than once.")
        unknown = [column for column in table.header if column not in known]
        if unknown and not self.ignore_unknown:
            for column in unknown:
                label = column or "(a blank heading)"
                errors.append(
                    f"row 1: {label}: unknown column (expected {', '.join(self.required + self.optional)}); "
                    "use --ignore-unknown to skip it."
                )
        return errors

    def run(self, path: Path) -> ImportResult:
        result = ImportResult(kind=self.kind, dry_run=self.dry_run)
        try:
            table = open_table(path)
        except UnreadableFile as error:
            result.errors.append(str(error))
            return result
        result.errors.extend(self.header_errors(table))
        if result.errors:
            return result
        result.checksum = checksum(path)
        errors = RowErrors()
        try:
            if self.progress is not None:
                self.progress.total = count_rows(table) * (1 if self.dry_run else self.passes)
            with transaction.atomic():
                self.process(table, errors, result)
                if errors or self.dry_run:
                    transaction.set_rollback(True)  # nothing from a file with a problem, nor from a dry run
                else:
                    audit.record(
                        actor=self.actor,
                        action="import.completed",
                        detail={
                            "kind": self.kind,
                            "file": path.name,
                            "checksum": result.checksum,
                            "created": result.created,
                            "updated": result.updated,
                            "unchanged": result.unchanged,
                        },
                    )
        except UnreadableFile as error:
            errors.append(str(error))
        except ValidationError as error:
            result.errors.append(f"The import stopped and nothing was written: {'; '.join(error.messages)}")
        result.errors.extend(sorted(errors, key=_row_number))  # stable: a row's errors keep their column order
        self._finish(result)
        return result

    # Passes over the file when writing: check, then write (the participants import does both in one).
    passes = 2

    def process(self, table: Table, errors: RowErrors, result: ImportResult) -> None:
        """Check every row; write only if every row is good (and not a dry run). Runs in the import's one
        transaction, which is rolled back if any row has a problem."""
        plan = self.check(table, errors, result)
        if errors or self.dry_run or plan is None:
            return
        self.write(table, plan, result)

    def _finish(self, result: ImportResult) -> None:
        if self.progress is not None:
            self.progress.finish(result.summary() if result.ok else f"{len(result.errors):,} problems")

    def _tick(self) -> None:
        if self.progress is not None:
            self.progress.advance()

    def people(self) -> Any:
        """The young people this import may touch: everyone from the command line (no actor), else the
        actor's scope, so a file cannot read or change records its importer cannot see."""
        return YoungPerson.objects.all() if self.actor is None else policy.visible(self.actor, YoungPerson)

    def allowed_icbs(self) -> set[str] | None:
        """The ICB codes a new person may be placed in: any (None) from the command line or for an
        administrator, else the actor's visible ICSs."""
        if self.actor is None or self.actor.role == Role_.ADMINISTRATOR:
            return None
        return set(policy.visible(self.actor, Organisation).filter(kind="ics").values_list("code", flat=True))

    def check(self, table: Table, errors: RowErrors, result: ImportResult) -> Any:
        raise NotImplementedError

    def write(self, table: Table, plan: Any, result: ImportResult) -> None:
        raise NotImplementedError


# --- participants ---------------------------------------------------------------------------------


class ParticipantsImporter(Importer):
    kind = "participants"
    required = ("participant_id", "given_name", "family_name", "date_of_birth", "registered_on")
    optional = ("postcode", "ethnic_group", "email", "phone")

    def programme(self) -> Programme:
        chosen = self.options.get("programme")
        if isinstance(chosen, Programme):
            return chosen
        programmes = Programme.objects.order_by("name")
        if chosen:
            found = programmes.filter(name__iexact=str(chosen)).first()
            if found is None:
                raise ValidationError(f"--programme: no programme is called {chosen!r}.")
            return found
        if programmes.count() != 1:
            raise ValidationError(f"Choose the programme with --programme (there are {programmes.count()}).")
        return programmes.get()

    def _parse(self, row: Row, errors: RowErrors) -> dict[str, Any] | None:
        values = row.values
        before = len(errors)
        reference = _reference(row, errors)
        if len(reference) > 50:
            errors.add(row, "participant_id", "is longer than 50 characters")
        for column in ("given_name", "family_name"):
            if not values.get(column):
                errors.add(row, column, "is required")
            elif len(values[column]) > 100:
                errors.add(row, column, "is longer than 100 characters")
        today = self.today
        born = _date(values.get("date_of_birth", ""), row, "date_of_birth", errors, today=today)
        if born and born.year < 1900:
            errors.add(row, "date_of_birth", f"{born.isoformat()} is before 1900")
        registered = _date(values.get("registered_on", ""), row, "registered_on", errors, today=today)
        if born and registered and registered < born:
            errors.add(row, "registered_on", "is before the date of birth")
        postcode = values.get("postcode", "")
        key = postcodes.normalise(postcode)
        if key and not postcodes.is_valid(key):
            errors.add(row, "postcode", f"'{postcode}' is not a postcode")
        ethnic = values.get("ethnic_group", "").lower()
        if ethnic and ethnic not in EthnicGroup.values:
            errors.add(
                row,
                "ethnic_group",
                f"'{values['ethnic_group']}' is not an ONS 2021 code from 1 to 19 or prefer_not_to_say",
            )
        email = values.get("email", "")
        if email:
            try:
                validate_email(email)
                if len(email) > 254:
                    raise ValidationError("too long")
            except ValidationError:
                errors.add(row, "email", f"'{email[:60]}' is not an email address")
        phone = values.get("phone", "")
        if len(phone) > 30:
            errors.add(row, "phone", "is longer than 30 characters")
        elif len(digits(phone)) > 20:
            errors.add(row, "phone", "has more than 20 digits")
        if len(errors) > before:
            return None
        return {
            "reference": reference,
            "given_name": values["given_name"],
            "family_name": values["family_name"],
            "date_of_birth": born,
            "registered_on": registered,
            "postcode": postcodes.display(key) if key else "",
            "ethnic_group": ethnic,
            "email": email.lower(),
            "phone": phone,
        }

    @staticmethod
    def _changes(person: YoungPerson, data: dict[str, Any]) -> dict[str, Any]:
        changed = {
            name: value
            for name, value in data.items()
            if name not in {"reference", "postcode", "row"} and getattr(person, name) != value
        }
        if data["postcode"] != person.postcode:
            changed["postcode"] = data["postcode"]
        return changed

    passes = 1

    def _parse_chunk(
        self, chunk: list[Row], seen: dict[str, int], errors: RowErrors, result: ImportResult
    ) -> list[dict[str, Any]]:
        """The chunk's good rows, each with its row number; a participant_id seen before in the file is a problem."""
        parsed = []
        for row in chunk:
            self._tick()
            result.rows += 1
            data = self._parse(row, errors)
            if data is None:
                continue
            data["row"] = row.number
            first = seen.get(data["reference"])
            if first is not None:
                errors.add(row, "participant_id", f"'{data['reference']}' appears again (first at row {first})")
                continue
            seen[data["reference"]] = row.number
            parsed.append(data)
        return parsed

    def process(self, table: Table, errors: RowErrors, result: ImportResult) -> None:
        """One pass, a chunk at a time: check the chunk's rows (with one query each for the people already
        known and for the postcodes), then, while every row so far is good, write its new people in bulk with
        their ``registered`` events and audit entries, and change the known people who differ through
        ``update_details``. A problem in any row stops the writing; the checking goes on to the end of the file
        so that every problem is reported, and ``run`` rolls the whole import back."""
        try:
            programme = self.programme()
        except ValidationError as error:
            errors.append(error.messages[0])
            return
        registrar = _Registrar(programme=programme, actor=self.actor, checksum=result.checksum)
        allowed = self.allowed_icbs()
        seen: dict[str, int] = {}
        not_located = 0
        for chunk in _chunks(table.rows(), PARTICIPANTS_CHUNK):
            parsed = self._parse_chunk(chunk, seen, errors, result)
            references = [d["reference"] for d in parsed]
            # ``reference <> ''`` lets PostgreSQL use the (partial) unique index on reference for the lookup.
            known = self.people().exclude(reference="").filter(reference__in=among(references))
            existing = {p.reference: p for p in known}
            hidden: set[str] = set()
            if self.actor is not None and len(existing) < len(parsed):  # from the command line everyone is seen
                hidden = set(
                    YoungPerson.objects.exclude(reference="")
                    .filter(reference__in=among(sorted(set(references) - set(existing))))
                    .values_list("reference", flat=True)
                )
            areas = {area.input: area for area in lookup(sorted({d["postcode"] for d in parsed if d["postcode"]}))}
            new: list[tuple[dict[str, Any], Area | None]] = []
            changed: list[tuple[YoungPerson, dict[str, Any], Area | None]] = []
            for data in parsed:
                person = existing.get(data["reference"])
                area = areas.get(data["postcode"])
                if data["postcode"] and (area is None or area.error):
                    not_located += 1
                if data["reference"] in hidden:
                    errors.add(
                        data["row"],
                        "participant_id",
                        f"'{data['reference']}' is already used by a record you cannot see",
                    )
                elif person is None and allowed is not None and (area is None or area.icb_ods not in allowed):
                    errors.add(
                        data["row"],
                        "postcode",
                        "this person would be outside the integrated care systems "
                        "you cover: give a postcode in one of them",
                    )
                elif person is None:
                    result.created += 1
                    new.append((data, area))
                elif self._changes(person, data):
                    result.updated += 1
                    changed.append((person, data, area))
                else:
                    result.unchanged += 1
            if errors or self.dry_run:
                continue  # check the rest of the file; write nothing more
            registrar.register(new)
            for person, data, area in changed:
                changes = self._changes(person, data)
                postcode = changes.pop("postcode", None)
                services.update_details(actor=self.actor, person=person, postcode=postcode, area=area, **changes)
        if not_located:
            result.warnings.append(
                f"{not_located:,} postcodes are well formed but not in the postcode directory "
                "for England: those people are kept, not located."
            )


class _Registrar:
    """Registers checked new people in bulk, setting what ``participants.services.register`` sets for each (the
    area from the postcode, the caseload ICS from it, eligibility with its reasons, the ``registered`` event
    from the import, a ``young_person.registered`` audit entry each), with a few queries per chunk in place of
    a dozen per person. The rows are checked by ``ParticipantsImporter._parse`` first, to the model's rules."""

    def __init__(self, *, programme: Programme, actor: User | None, checksum: str) -> None:
        self.programme = programme
        self.actor = actor
        self.checksum = checksum
        self.version = data_version()
        self.icss = dict(Organisation.objects.icss().exclude(code="").values_list("code", "pk"))
        self.programme_icss = set(programme.icss.values_list("code", flat=True))
        fields = [f for f in YoungPerson._meta.concrete_fields if not f.primary_key and f.column]
        self.columns = [str(f.column) for f in fields]
        self.names = [f.attname for f in fields]
        self.defaults = {f.attname: f.get_default() for f in fields}
        self.unlocated = geography.located_values("", None, version=self.version)

    def register(self, new: list[tuple[dict[str, Any], Area | None]]) -> None:
        if not new:
            return
        now = timezone.now()
        actor_pk = self.actor.pk if self.actor is not None else None
        people, details = [], {}
        for data, area in new:
            values = dict(self.defaults)
            values.update(
                geography.located_values(data["postcode"], area, version=self.version)
                if data["postcode"]
                else self.unlocated
            )
            icb = values["icb_ods"]
            eligibility = evaluate_eligibility(
                programme=self.programme,
                date_of_birth=data["date_of_birth"],
                registered_on=data["registered_on"],
                icb_ods=icb,
                programme_ics_codes=self.programme_icss,
            )
            email = data["email"].strip().lower()
            values.update(
                programme_id=self.programme.pk,
                reference=data["reference"],
                given_name=data["given_name"].strip(),
                family_name=data["family_name"].strip(),
                date_of_birth=data["date_of_birth"],
                registered_on=data["registered_on"],
                email=email,
                phone=data["phone"],
                phone_digits=digits(data["phone"]),
                ethnic_group=data["ethnic_group"],
                ics_id=self.icss.get(icb) if icb else None,
                eligible=eligibility.eligible,
                eligibility_reasons=json.dumps(eligibility.reasons),
                created_at=now,
                created_by_id=actor_pk,
            )
            people.append(tuple(values[name] for name in self.names))
            details[data["reference"]] = (
                f"{values['given_name']} {values['family_name']}",
                data["registered_on"],
                {"eligible": eligibility.eligible, "reasons": eligibility.reasons, "source": Source.IMPORT.value},
            )
        Writer(YoungPerson, self.columns).write(people)
        ids = dict(
            YoungPerson.objects.exclude(reference="")
            .filter(reference__in=among(list(details)))
            .values_list("reference", "pk")
        )
        kind, position, source = EventType.REGISTERED.value, JOURNEY_ORDER[EventType.REGISTERED], Source.IMPORT.value
        # young person, type, position, occurred_on, recorded_at, recorded_by, source; no employer, role or detail.
        Writer(JourneyEvent, _EVENT_COLUMNS).write(
            [
                (ids[reference], kind, position, registered_on, now, actor_pk, source, "", "", "", self.checksum)
                for reference, (_, registered_on, _) in details.items()
            ]
        )
        audit.record_many(
            actor=self.actor,
            action="young_person.registered",
            model=YoungPerson,
            entries=((ids[reference], label, detail) for reference, (label, _, detail) in details.items()),
        )


_EVENT_COLUMNS = ["young_person_id", "type", "position", "occurred_on", "recorded_at", "recorded_by_id", "source"]
_EVENT_COLUMNS += ["employer_code", "role", "detail", "import_checksum"]


# --- events ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Event:
    row: int
    reference: str
    type: str
    day: datetime.date
    employer: str
    role: str
    detail: str

    @property
    def identity(self) -> tuple[str, str, datetime.date, str, str]:
        return (self.reference, self.type, self.day, self.employer.upper(), self.role)


def _person_problem(
    event: _Event, registered: dict[str, datetime.date], not_eligible: dict[str, str]
) -> tuple[str, str] | None:
    """(column, message) when the row's person is unknown, the row is dated before they registered, or it is a
    step refused for someone registered but not eligible (``not_eligible``: the words, by participant_id)."""
    if event.reference not in registered:
        return "participant_id", f"no young person has the participant_id '{event.reference}'"
    day = registered[event.reference]
    if event.type != EventType.REGISTERED and event.day < day:
        return "date", f"{event.day.isoformat()} is before they registered on {day.day} {day:%B %Y}"
    if event.type in EVENTS_NEEDING_ELIGIBILITY and event.reference in not_eligible:
        return "event", f"{event.type}: {not_eligible[event.reference]}"
    return None


class EventsImporter(Importer):
    kind = "events"
    required = ("participant_id", "event", "date")
    optional = ("employer", "role", "detail")

    def _parse(self, row: Row, errors: RowErrors) -> _Event | None:
        values = row.values
        before = len(errors)
        reference = _reference(row, errors)
        kind = values.get("event", "").lower()
        if not kind:
            errors.add(row, "event", "is required")
        elif kind not in EventType.values:
            errors.add(
                row, "event", f"'{values['event']}' is not a journey event (use one of: {', '.join(EventType.values)})"
            )
        day = _date(values.get("date", ""), row, "date", errors)
        role = values.get("role", "").lower()
        if role and role not in Role.values:
            errors.add(row, "role", f"'{values['role']}' is not a role (use one of: {', '.join(Role.values)})")
        elif kind in EVENTS_WITH_ROLE and not role:
            errors.add(row, "role", f"is required for {kind}")
        employer = values.get("employer", "")
        if len(employer) > 20:
            errors.add(row, "employer", "is longer than 20 characters")
        if len(errors) > before or day is None:
            return None
        return _Event(
            row.number,
            reference,
            kind,
            day,
            employer,
            role if kind in EVENTS_WITH_ROLE or role else "",
            values.get("detail", "")[:2000],
        )

    def _find(
        self,
        references: set[str],
        people: dict[str, int],
        registered: dict[str, datetime.date],
        not_eligible: dict[str, str],
    ) -> None:
        """Look up a chunk's people in the importer's scope: their ids, registration dates, and for those registered
        but not eligible, why a course start or an offer is refused."""
        found = self.people().filter(reference__in=references)
        for reference, pk, registered_on in found.values_list("reference", "pk", "registered_on"):
            people[reference] = pk
            registered[reference] = registered_on
        for person in found.registered_not_eligible().only(
            "reference", "given_name", "family_name", "eligible", "eligibility_reasons", "eligibility_override"
        ):
            not_eligible[person.reference] = person.not_eligible_words()

    def check(self, table: Table, errors: RowErrors, result: ImportResult) -> Any:
        organisations = {
            code.upper(): pk for code, pk in Organisation.objects.exclude(code="").values_list("code", "pk")
        }
        unmatched: Counter[str] = Counter()
        by_person: dict[str, list[_Event]] = defaultdict(list)
        people: dict[str, int] = {}
        registered: dict[str, datetime.date] = {}
        not_eligible: dict[str, str] = {}
        for chunk in _chunks(table.rows()):
            parsed = []
            for row in chunk:
                self._tick()
                result.rows += 1
                event = self._parse(row, errors)
                if event is not None:
                    parsed.append(event)
            references = {e.reference for e in parsed} - set(people)
            self._find(references, people, registered, not_eligible)
            for event in parsed:
                problem = _person_problem(event, registered, not_eligible)
                if problem:
                    errors.add(event.row, *problem)
                    continue
                if event.employer and event.employer.upper() not in organisations:
                    unmatched[event.employer] += 1
                by_person[event.reference].append(event)
        # Judge the journey's order per person, on dates across their record and the whole file.
        new: dict[str, list[_Event]] = {}
        for reference, events in by_person.items():
            every = list(
                JourneyEvent.objects.filter(young_person_id=people[reference]).values_list(
                    "type", "occurred_on", "organisation__code", "employer_code", "role", "void"
                )
            )
            # The same event, voided or not, is never imported twice; the order is judged on counting events.
            known = {(reference, t, d, (code or written or "").upper(), role) for t, d, code, written, role, _ in every}
            recorded = [(t, d) for t, d, _, _, _, void in every if void is None]
            fresh: list[_Event] = []
            for event in events:
                if event.identity in known or any(e.identity == event.identity for e in fresh):
                    result.unchanged += 1
                elif event.type == EventType.REGISTERED:
                    errors.add(event.row, "event", "registered is recorded by the participants import, once per person")
                else:
                    fresh.append(event)
            milestones = [Milestone(t, d) for t, d in recorded] + [Milestone(e.type, e.day) for e in fresh]
            for index, words in order_problems(milestones):
                if index >= len(recorded):  # only the file's rows; the record stands as it is
                    errors.add(
                        fresh[index - len(recorded)].row,
                        "event",
                        f"This would record {words} (judged on the dates in their record and this file)",
                    )
            new[reference] = fresh
            result.created += len(fresh)
        for code, count in sorted(unmatched.items()):
            result.warnings.append(
                f"employer '{code}' matches no organisation ({count} row{'s' if count > 1 else ''}): kept as written"
            )
        return {"people": people, "new": new, "organisations": organisations}

    def write(self, table: Table, plan: Any, result: ImportResult) -> None:
        people = {p.pk: p for p in YoungPerson.objects.filter(pk__in=plan["people"].values())}
        organisations = {o.pk: o for o in Organisation.objects.filter(pk__in=plan["organisations"].values())}
        for reference, events in plan["new"].items():
            person = people[plan["people"][reference]]
            for event in sorted(events, key=lambda e: (e.day, e.row)):
                self._tick()
                organisation_pk = plan["organisations"].get(event.employer.upper())
                journey_services.record_event(
                    actor=self.actor,
                    person=person,
                    type=event.type,
                    occurred_on=event.day,
                    role=event.role,
                    organisation=organisations.get(organisation_pk) if organisation_pk else None,
                    employer_code=event.employer,
                    detail=event.detail,
                    source=Source.IMPORT,
                    import_checksum=result.checksum,
                    check=False,
                )


# --- survey responses -----------------------------------------------------------------------------


class SurveyResponsesImporter(Importer):
    kind = "survey-responses"
    required = ("participant_id", "survey", "question", "answer", "answered_on")

    def _parse(self, row: Row, errors: RowErrors) -> dict[str, Any] | None:
        values = row.values
        before = len(errors)
        _reference(row, errors)
        for column in ("survey", "question"):
            if not values.get(column):
                errors.add(row, column, "is required")
            elif not _CODE.match(values[column]):
                errors.add(row, column, f"'{values[column]}' is not a code (letters, numbers, _ . -, up to 50)")
        answer = values.get("answer", "")
        if not answer:
            errors.add(row, "answer", "is required (yes, no or text)")
        day = _date(values.get("answered_on", ""), row, "answered_on", errors)
        if len(errors) > before:
            return None
        if answer.lower() in {"yes", "no"}:
            answer = answer.lower()
        return {
            "row": row.number,
            "reference": values["participant_id"],
            "survey": values["survey"],
            "question": values["question"],
            "answer": answer,
            "answered_on": day,
        }

    def check(self, table: Table, errors: RowErrors, result: ImportResult) -> Any:
        people: dict[str, int] = {}
        seen: dict[tuple[str, str, str, datetime.date], int] = {}
        for chunk in _chunks(table.rows()):
            parsed = []
            for row in chunk:
                self._tick()
                result.rows += 1
                data = self._parse(row, errors)
                if data is not None:
                    parsed.append(data)
            people.update(
                self.people()
                .filter(reference__in={d["reference"] for d in parsed} - set(people))
                .values_list("reference", "pk")
            )
            keys = []
            for data in parsed:
                if data["reference"] not in people:
                    errors.add(
                        data["row"], "participant_id", f"no young person has the participant_id '{data['reference']}'"
                    )
                    continue
                key = (data["reference"], data["survey"], data["question"], data["answered_on"])
                if key in seen:
                    errors.add(data["row"], "question", f"the same answer is given again (first at row {seen[key]})")
                    continue
                seen[key] = data["row"]
                keys.append((data, people[data["reference"]]))
            existing = {
                (r.young_person_id, r.survey, r.question, r.answered_on): r.answer
                for r in SurveyResponse.objects.filter(young_person_id__in={pk for _, pk in keys})
            }
            for data, pk in keys:
                answer = existing.get((pk, data["survey"], data["question"], data["answered_on"]))
                if answer is None:
                    result.created += 1
                elif answer != data["answer"]:
                    result.updated += 1
                else:
                    result.unchanged += 1
        return people

    def write(self, table: Table, plan: Any, result: ImportResult) -> None:
        for chunk in _chunks(table.rows()):
            for row in chunk:
                self._tick()
                data = self._parse(row, RowErrors())
                if data is None:
                    continue
                response, created = SurveyResponse.objects.get_or_create(
                    young_person_id=plan[data["reference"]],
                    survey=data["survey"],
                    question=data["question"],
                    answered_on=data["answered_on"],
                    defaults={"answer": data["answer"], "source": Source.IMPORT, "import_checksum": result.checksum},
                )
                if not created and response.answer != data["answer"]:
                    response.answer = data["answer"]
                    response.import_checksum = result.checksum
                    response.save(update_fields=["answer", "import_checksum"])


IMPORTERS: dict[str, type[Importer]] = {
    "participants": ParticipantsImporter,
    "events": EventsImporter,
    "survey-responses": SurveyResponsesImporter,
}


def run_import(kind: str, path: Path, **options: Any) -> ImportResult:
    return IMPORTERS[kind](**options).run(path)
