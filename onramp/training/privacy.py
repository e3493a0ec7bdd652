"""Training's part of a young person (registered by ``TrainingConfig.ready``): enrolments and attendance hold
no free text or contact details, and are kept as they are for the figures (``erase`` is ``None``)."""

from __future__ import annotations

from onramp.participants import privacy
from onramp.training.models import Attendance, Enrolment

privacy.register(
    app="training",
    records={Enrolment: ("young_person",), Attendance: ("enrolment__young_person",)},
)
