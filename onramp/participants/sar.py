"""Subject access: everything Onramp holds about one young person, across every app, as JSON and a readable
HTML summary in one zip.

The records are found by walking every reverse relation from the young person outwards (applications, then
their interviews, then the interviews' scores, and so on), so a new model that refers to a young person, however
indirectly, is included without anyone remembering to add it. The audit entries about them are included too.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from collections import defaultdict
from typing import Any

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.html import escape

from onramp.core.models import AuditEntry
from onramp.participants.models import YoungPerson

MAX_DEPTH = 8


def _reverse_relations(model: type[models.Model]) -> list[Any]:
    return [
        relation
        for relation in model._meta.related_objects
        if (relation.one_to_many or relation.one_to_one) and not relation.many_to_many
    ]


def personal_models() -> set[type[models.Model]]:
    """Every model reachable from ``YoungPerson`` through reverse relations: the models that hold a young
    person's data, directly or through another record of theirs."""
    found: set[type[models.Model]] = set()
    frontier: list[type[models.Model]] = [YoungPerson]
    while frontier:
        model = frontier.pop()
        for relation in _reverse_relations(model):
            related = relation.related_model
            if related not in found and related is not YoungPerson:
                found.add(related)
                frontier.append(related)
    return found


def collect(person: YoungPerson) -> dict[type[models.Model], list[models.Model]]:
    """The young person's record and every record hanging off it, by model."""
    records: dict[type[models.Model], dict[Any, models.Model]] = defaultdict(dict)
    records[YoungPerson][person.pk] = person
    frontier: list[tuple[models.Model, int]] = [(person, 0)]
    while frontier:
        obj, depth = frontier.pop()
        if depth >= MAX_DEPTH:
            continue
        for relation in _reverse_relations(type(obj)):
            related = relation.related_model
            rows = related._default_manager.filter(**{relation.field.name: obj})
            for row in rows:
                if row.pk not in records[related]:
                    records[related][row.pk] = row
                    frontier.append((row, depth + 1))
    return {model: list(rows.values()) for model, rows in records.items()}


def export(person: YoungPerson) -> dict[str, Any]:
    found = collect(person)
    data: dict[str, Any] = {
        "young_person": person.reference or str(person.pk),
        "produced_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "records": {},
    }
    for model, rows in sorted(found.items(), key=lambda item: item[0]._meta.label):
        data["records"][model._meta.label] = serializers.serialize("python", rows)
    audit = AuditEntry.objects.filter(target_type=YoungPerson._meta.label_lower, target_id=str(person.pk))
    data["records"]["core.AuditEntry"] = serializers.serialize("python", audit.order_by("id"))
    return data


def summary_html(data: dict[str, Any]) -> str:
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Subject access: "
        f"{escape(data['young_person'])}</title></head><body>",
        f"<h1>What Onramp holds about {escape(data['young_person'])}</h1>",
        f"<p>Produced {escape(data['produced_at'])}. The same information is in sar.json.</p>",
    ]
    for label, rows in data["records"].items():
        if not rows:
            continue
        parts.append(f"<h2>{escape(label)} ({len(rows)})</h2>")
        for row in rows:
            cells = "".join(
                f"<tr><th scope='row'>{escape(name)}</th><td>{escape(str(value))}</td></tr>"
                for name, value in row["fields"].items()
            )
            parts.append(f"<table><caption>{escape(label)} {escape(str(row['pk']))}</caption>{cells}</table>")
    parts.append("</body></html>")
    return "".join(parts)


def zip_bytes(person: YoungPerson) -> bytes:
    data = export(person)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("sar.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False))
        archive.writestr("summary.html", summary_html(data))
    return buffer.getvalue()
