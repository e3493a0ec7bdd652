"""Build onramp/geography/data from the open data in ../shared/data (a developer's tool, not run by Onramp).

Keeps only the columns Onramp uses, so the bundle stays small, and writes manifest.json with each file's
version and row count. Run from the repository root: `.venv/bin/python tools/build_geography_bundle.py`.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from pathlib import Path

SOURCE = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
TARGET = Path("onramp/geography/data")

FILES = {
    "postcodes": (
        "postcodes_england_may22.csv.gz",
        "postcodes_england_2022_05.csv.gz",
        ["pcds", "dointr", "doterm", "lsoa11cd"],
        "ONS postcode to LSOA (2011) best-fit lookup, May 2022",
    ),
    "imd2019": (
        "imd2019_england_lsoa11.csv.gz",
        "imd2019_lsoa11.csv.gz",
        ["lsoa11_code", "IMD_decile", "IMD_rank"],
        "MHCLG English Indices of Deprivation 2019",
    ),
    "imd2025": (
        "imd2025_england_lsoa21.csv.gz",
        "imd2025_lsoa21.csv.gz",
        ["lsoa21_code", "IMD_decile", "IMD_rank", "IMD_score"],
        "MHCLG English Indices of Deprivation 2025",
    ),
    "lsoa11_icb22": (
        "lsoa11_sicbl22_icb22_ltla22.csv.gz",
        "lsoa11_sicbl22_icb22_ltla22.csv.gz",
        None,
        "ONS LSOA (2011) to Sub-ICB, ICB and LAD, July 2022",
    ),
    "lsoa21_icb24": (
        "lsoa21_sicbl24_icb24.csv.gz",
        "lsoa21_sicbl24_icb24.csv.gz",
        None,
        "ONS LSOA (2021) to Sub-ICB and ICB, April 2024",
    ),
    "lsoa_changes": (
        "lsoa11_lsoa21_ltla22.csv.gz",
        "lsoa11_lsoa21_england.csv.gz",
        ["lsoa11_code", "change_code", "lsoa21_code"],
        "ONS LSOA (2011) to LSOA (2021) best-fit lookup",
    ),
}


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    manifest = {"datasets": {}}
    for dataset, (source, target, columns, version) in FILES.items():
        rows = 0
        with (
            gzip.open(SOURCE / source, "rt", encoding="utf-8-sig", newline="") as inp,
            gzip.open(TARGET / target, "wt", encoding="utf-8", newline="", compresslevel=9) as out,
        ):
            reader = csv.DictReader(inp)
            keep = columns or reader.fieldnames
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(keep)
            for row in reader:
                if dataset == "lsoa_changes" and not row["lsoa11_code"].startswith("E"):
                    continue  # England only, like the rest of the bundle
                writer.writerow([row[column] for column in keep])
                rows += 1
        manifest["datasets"][dataset] = {"file": target, "version": f"bundled: {version}", "rows": rows}
        print(f"{dataset}: {rows:,} rows -> {target}")
    (TARGET / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


if __name__ == "__main__":
    main()
