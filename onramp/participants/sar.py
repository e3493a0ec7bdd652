"""Subject access: everything Onramp holds about one young person, across every app, as JSON and a readable
HTML summary in one zip.

Each app declares its records about a person in its ``<app>/privacy.py`` part (``participants.privacy``): the
export is those records, by model, and the audit entries about them. A new model that refers to a young person,
however indirectly, fails ``test_privacy`` until its app declares it.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from typing import Any

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.html import escape

from onramp.core.models import AuditEntry
from onramp.participants import privacy
from onramp.participants.models import YoungPerson


def personal_models() -> set[type[models.Model]]:
    """Every model that holds a young person's data, directly or through another record of theirs: the models
    the apps' privacy parts declare (``participants.privacy``; a test holds them to the foreign keys)."""
    return set(privacy.covered()) - {YoungPerson}


def collect(person: YoungPerson) -> dict[type[models.Model], list[models.Model]]:
    """The young person's record and every record of theirs, by model."""
    return privacy.collect(person)


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
