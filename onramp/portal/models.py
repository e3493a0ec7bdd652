"""What only the young person's portal records: their interest in a vacancy."""

from __future__ import annotations

from django.db import models

from onramp.participants.models import YoungPerson
from onramp.recruitment.models import Vacancy


class VacancyInterestQuerySet(models.QuerySet["VacancyInterest"]):
    def current(self) -> VacancyInterestQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class VacancyInterest(models.Model):
    """A young person said they would like a job. It is not an application and shares nothing with the employer:
    their coordinator sees it and refers them, with their consent to share."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="vacancy_interests")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="interests")
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = VacancyInterestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["young_person", "vacancy"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="vacancy_interest_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.young_person} is interested in {self.vacancy}"
