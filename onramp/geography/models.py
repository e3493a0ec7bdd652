"""Reference geography: postcodes, 2011 and 2021 LSOAs with deprivation, ICBs, and the data versions loaded.

Codes are kept as the ONS publishes them (E01…, E54…), not as foreign keys: the tables are replaced
wholesale by the loaders and joined by code, and a postcode may point at an LSOA that a partial
update has not brought in yet.
"""

from __future__ import annotations

from django.db import models

from onramp.geography.postcodes import display


class Dataset(models.TextChoices):
    POSTCODES = "postcodes", "Postcode directory (postcode → 2011 LSOA)"
    IMD2019 = "imd2019", "English Indices of Deprivation 2019 (2011 LSOAs)"
    IMD2025 = "imd2025", "English Indices of Deprivation 2025 (2021 LSOAs)"
    LSOA11_ICB22 = "lsoa11_icb22", "2011 LSOA → Sub-ICB → ICB → local authority (July 2022)"
    LSOA21_ICB24 = "lsoa21_icb24", "2021 LSOA → Sub-ICB → ICB (April 2024)"
    LSOA_CHANGES = "lsoa_changes", "2011 ↔ 2021 LSOA changes"


class DataVersion(models.Model):
    """Which release of each dataset is loaded, from where, and how many rows it has."""

    dataset = models.CharField(max_length=20, choices=Dataset.choices, unique=True)
    version = models.CharField(max_length=100, help_text="For example 'ONS NSPL May 2025' or 'bundled 2022-05'.")
    source = models.CharField(max_length=300, help_text="The file it was loaded from.")
    rows = models.PositiveIntegerField()
    loaded_at = models.DateTimeField()

    class Meta:
        ordering = ["dataset"]

    def __str__(self) -> str:
        return f"{self.dataset}: {self.version}"


class Postcode(models.Model):
    """One postcode, live or terminated. ``key`` is the normalised form: upper case, no spaces."""

    key = models.CharField(max_length=7, primary_key=True)
    lsoa11 = models.CharField(max_length=9, blank=True, db_index=True)
    lsoa21 = models.CharField(
        max_length=9, blank=True, help_text="Only when the loaded directory gives it (NSPL/ONSPD from 2021)."
    )
    country = models.CharField(max_length=9, blank=True, help_text="E92000001 is England; blank when not given.")
    introduced = models.CharField(max_length=6, blank=True, help_text="YYYYMM")
    terminated = models.CharField(max_length=6, blank=True, help_text="YYYYMM; blank while live.")

    def __str__(self) -> str:
        return display(self.key)


class Lsoa11(models.Model):
    """A 2011 LSOA with its IMD 2019 deprivation and its 2022 Sub-ICB, ICB and local authority."""

    code = models.CharField(max_length=9, primary_key=True)
    name = models.CharField(max_length=100, blank=True)
    imd2019_decile = models.PositiveSmallIntegerField(null=True)
    imd2019_rank = models.PositiveIntegerField(null=True)
    sicbl22_code = models.CharField(max_length=9, blank=True)
    sicbl22_name = models.CharField(max_length=120, blank=True)
    icb22_ons = models.CharField(max_length=9, blank=True)
    icb22_ods = models.CharField(max_length=3, blank=True)
    icb22_name = models.CharField(max_length=120, blank=True)
    lad22_code = models.CharField(max_length=9, blank=True)
    lad22_name = models.CharField(max_length=100, blank=True)
    best_lsoa21 = models.CharField(
        max_length=9, blank=True, help_text="The 2021 LSOA it became; for a split, the best fit (see docs)."
    )
    lsoa21_change = models.CharField(max_length=1, blank=True, help_text="U unchanged, S split, M merged, X irregular.")

    def __str__(self) -> str:
        return self.code


class Lsoa21(models.Model):
    """A 2021 LSOA with its IMD 2025 deprivation and its 2024 Sub-ICB and ICB."""

    code = models.CharField(max_length=9, primary_key=True)
    name = models.CharField(max_length=100, blank=True)
    imd2025_decile = models.PositiveSmallIntegerField(null=True)
    imd2025_rank = models.PositiveIntegerField(null=True)
    imd2025_score = models.DecimalField(max_digits=7, decimal_places=3, null=True)
    sicbl24_code = models.CharField(max_length=9, blank=True)
    sicbl24_name = models.CharField(max_length=120, blank=True)
    icb24_ons = models.CharField(max_length=9, blank=True)
    icb24_ods = models.CharField(max_length=3, blank=True)
    icb24_name = models.CharField(max_length=120, blank=True)

    def __str__(self) -> str:
        return self.code


class LsoaChange(models.Model):
    """One row of the ONS 2011 → 2021 LSOA best-fit lookup."""

    lsoa11 = models.CharField(max_length=9, db_index=True)
    lsoa21 = models.CharField(max_length=9, db_index=True)
    change = models.CharField(max_length=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lsoa11", "lsoa21"], name="lsoa_change_pair_unique")]

    def __str__(self) -> str:
        return f"{self.lsoa11} {self.change} {self.lsoa21}"


def quintile(decile: int | None) -> int | None:
    """IMD quintile from decile: quintile 1 is deciles 1 and 2 (the most deprived fifth)."""
    return None if decile is None else (decile + 1) // 2


DECILE_WORDS = {
    1: "most deprived 10%",
    2: "most deprived 10 to 20%",
    3: "most deprived 20 to 30%",
    4: "most deprived 30 to 40%",
    5: "most deprived 40 to 50%",
    6: "least deprived 40 to 50%",
    7: "least deprived 30 to 40%",
    8: "least deprived 20 to 30%",
    9: "least deprived 10 to 20%",
    10: "least deprived 10%",
}


class LocatedByPostcode(models.Model):
    """Area fields for any record that stores a postcode (a young person, say). Filled by
    ``onramp.geography.services.locate`` and, after a data update, ``refresh`` (set-based)."""

    postcode = models.CharField(max_length=8, blank=True, help_text="Display form, e.g. SW1A 1AA.")
    postcode_key = models.CharField(max_length=7, blank=True, db_index=True, editable=False)
    postcode_terminated = models.BooleanField(null=True, editable=False)
    lsoa11 = models.CharField(max_length=9, blank=True, editable=False)
    lsoa21 = models.CharField(max_length=9, blank=True, editable=False)
    imd2019_decile = models.PositiveSmallIntegerField(null=True, editable=False)
    imd2025_decile = models.PositiveSmallIntegerField(null=True, editable=False)
    icb_ods = models.CharField(max_length=3, blank=True, db_index=True, editable=False)
    icb_ons = models.CharField(max_length=9, blank=True, editable=False)
    icb_name = models.CharField(max_length=120, blank=True, editable=False)
    icb24_ods = models.CharField(max_length=3, blank=True, editable=False)
    local_authority_code = models.CharField(max_length=9, blank=True, editable=False)
    local_authority_name = models.CharField(max_length=100, blank=True, editable=False)
    geography_version = models.CharField(max_length=300, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def imd2019_quintile(self) -> int | None:
        return quintile(self.imd2019_decile)

    @property
    def imd2025_quintile(self) -> int | None:
        return quintile(self.imd2025_decile)

    @property
    def located(self) -> bool:
        """True when the postcode resolved to an English 2011 LSOA."""
        return bool(self.lsoa11)

    @property
    def imd2019_words(self) -> str:
        return DECILE_WORDS.get(self.imd2019_decile or 0, "")

    @property
    def imd2025_words(self) -> str:
        return DECILE_WORDS.get(self.imd2025_decile or 0, "")
