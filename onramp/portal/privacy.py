"""The portal's part of a young person (registered by ``PortalConfig.ready``): the jobs they said they were
interested in hold no free text and are kept as they are."""

from __future__ import annotations

from onramp.participants import privacy
from onramp.portal.models import VacancyInterest

privacy.register(app="portal", records={VacancyInterest: ("young_person",)})
