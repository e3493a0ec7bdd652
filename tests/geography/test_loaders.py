"""The official files' loaders: ONS NSPL/ONSPD postcodes and MHCLG File 7 deprivation, in their own layouts."""

import io
import zipfile
from pathlib import Path

import pytest

from onramp.geography.loaders import FileRefused, load_imd, load_postcodes
from onramp.geography.models import DataVersion, Lsoa11, Lsoa21, Postcode
from onramp.geography.selectors import lookup_one

pytestmark = pytest.mark.usefixtures("geography")

QUIET = io.StringIO()

# The NSPL's own column names (a subset of its 40-odd columns, in its order).
NSPL_HEADER = "pcd,pcd2,pcds,dointr,doterm,usertype,oseast1m,osnrth1m,ctry,rgn,lsoa11,msoa11,lsoa21,msoa21"


def nspl_row(pcds, dointr, doterm, ctry, lsoa11, lsoa21):
    pcd = pcds.replace(" ", "").ljust(7)
    return (
        f"{pcd},{pcds},{pcds},{dointr},{doterm},0,615000,157000,{ctry},E12000008,{lsoa11},E02000001,{lsoa21},E02000002"
    )


NSPL_ROWS = [
    # An update: CT1 1AA is now terminated.
    nspl_row("CT1 1AA", "199002", "202403", "E92000001", "E01024092", "E01024092"),
    # A new postcode, introduced after the bundled snapshot, in the split LSOA with its exact 2021 LSOA.
    nspl_row("TN1 9ZZ", "202407", "", "E92000001", "E01024801", "E01035013"),
    # A Welsh postcode.
    nspl_row("CF10 1EP", "198001", "", "W92000004", "W01001770", "W01001770"),
    # Unchanged apart from the 2021 LSOA now being given.
    nspl_row("SW1A 1AA", "198001", "", "E92000001", "E01004736", "E01004736"),
]


def write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_nspl_csv_extends_the_bundle_and_reports_what_changed(tmp_path):
    path = write(tmp_path, "NSPL_NOV_2025_UK.csv", [NSPL_HEADER, *NSPL_ROWS])
    before = Postcode.objects.count()
    report = load_postcodes(path, version="ONS NSPL November 2025", progress=None)
    assert (report.rows, report.added, report.updated, report.unchanged) == (4, 2, 2, 0)
    assert Postcode.objects.count() == before + 2
    assert lookup_one("ct1 1aa").terminated is True
    new = lookup_one("TN1 9ZZ")
    assert (new.lsoa21, new.lsoa21_best_fit, new.icb_ods) == ("E01035013", False, "QKS")
    assert lookup_one("CF10 1EP").error == "This postcode is not in England."
    assert DataVersion.objects.get(dataset="postcodes").version == "ONS NSPL November 2025"


def test_loading_the_same_file_again_changes_nothing(tmp_path):
    path = write(tmp_path, "nspl.csv", [NSPL_HEADER, *NSPL_ROWS])
    load_postcodes(path, version="first")
    report = load_postcodes(path, version="again")
    assert (report.added, report.updated, report.unchanged) == (0, 0, 4)


def test_replace_removes_postcodes_not_in_the_file(tmp_path):
    path = write(tmp_path, "nspl.csv", [NSPL_HEADER, *NSPL_ROWS])
    report = load_postcodes(path, version="whole directory", replace=True)
    assert report.removed == 22  # the bundle extract's 24, less the two that are in the file
    assert Postcode.objects.count() == 4


def test_the_zip_ons_publishes(tmp_path):
    path = tmp_path / "NSPL_NOV_2025.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Documents/Read me.txt", "NSPL user guide")
        archive.writestr("Data/multi_csv/NSPL_NOV_2025_UK_CT.csv", "\n".join([NSPL_HEADER, NSPL_ROWS[0]]))
        archive.writestr("Data/NSPL_NOV_2025_UK.csv", "\n".join([NSPL_HEADER, *NSPL_ROWS]))
    report = load_postcodes(path, version="zip")
    assert report.rows == 4


def test_onspd_style_columns_and_a_2021_only_directory(tmp_path):
    path = write(tmp_path, "onspd.csv", ["PCDS,DOINTR,DOTERM,CTRY25CD,LSOA21CD", "TN1 8ZZ,202501,,E92000001,E01035012"])
    load_postcodes(path, version="ONSPD")
    area = lookup_one("TN1 8ZZ")
    assert (area.lsoa11, area.lsoa21, area.icb_ods) == (None, "E01035012", "QKS")


def test_missing_columns_are_refused_and_nothing_changes(tmp_path):
    path = write(tmp_path, "wrong.csv", ["postcode,lsoa", "CT1 1AA,E01024092"])
    with pytest.raises(FileRefused) as refused:
        load_postcodes(path, version="wrong")
    assert refused.value.errors == [
        "row 1: the file has no column for doterm (the month it was terminated), lsoa11 or lsoa21 (the LSOA code). "
        "Is it the ONS NSPL or ONSPD?"
    ]


def test_broken_rows_are_named_and_nothing_is_written(tmp_path):
    lines = [
        NSPL_HEADER,
        *NSPL_ROWS,
        nspl_row("NOT A POSTCODE", "199001", "", "E92000001", "E01024092", "E01024092"),
        nspl_row("CT1 1AB", "199001", "2024-03", "E92000001", "E01024092", "E01024092"),
        "CT1 1AC,short row",
        nspl_row("CT1 1AD", "199001", "", "E92000001", "E0102409", "E01024092"),
        nspl_row("TN1 9ZZ", "202407", "", "E92000001", "E01024801", "E01035013"),
    ]
    path = write(tmp_path, "broken.csv", lines)
    count, versions = Postcode.objects.count(), list(DataVersion.objects.values_list("version", flat=True))
    with pytest.raises(FileRefused) as refused:
        load_postcodes(path, version="broken")
    assert refused.value.errors == [
        "row 6: pcds: 'NOT A POSTCODE' is not a postcode.",
        "row 7: doterm: '2024-03' is not a month written YYYYMM.",
        "row 8: the row has 2 values where the header has 14.",
        "row 9: lsoa11: 'E0102409' is not an ONS code like E01000001.",
    ]
    assert Postcode.objects.count() == count
    assert list(DataVersion.objects.values_list("version", flat=True)) == versions
    assert lookup_one("CT1 1AA").terminated is False


def test_repeated_postcodes_are_named(tmp_path):
    path = write(tmp_path, "repeat.csv", [NSPL_HEADER, NSPL_ROWS[0], NSPL_ROWS[1], NSPL_ROWS[0]])
    with pytest.raises(FileRefused) as refused:
        load_postcodes(path, version="repeat")
    assert refused.value.errors == ["row 4: postcode CT11AA appears again (first at row 2)."]


FILE7_2019 = (
    '"LSOA code (2011)","LSOA name (2011)","Local Authority District code (2019)",'
    '"Local Authority District name (2019)","Index of Multiple Deprivation (IMD) Score",'
    '"Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)",'
    '"Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)",'
    '"Income Score (rate)","Income Rank (where 1 is most deprived)"'
)
FILE7_2025 = FILE7_2019.replace("(2011)", "(2021)").replace("(2019)", "(2024)")


def test_imd_2019_file7(tmp_path):
    path = write(
        tmp_path,
        "File_7_2019.csv",
        [
            FILE7_2019,
            "E01024092,Canterbury 013C,E07000106,Canterbury,40.1,3000,1,0.3,2000",
            "E01004736,Westminster 018C,E09000033,Westminster,10.2,24862,8,0.05,26000",
        ],
    )
    report = load_imd(path, edition=2019, version="File 7 2019")
    assert (report.rows, report.updated, report.unchanged) == (2, 1, 1)
    assert Lsoa11.objects.get(code="E01024092").imd2019_decile == 1
    assert lookup_one("CT1 1AA").imd2019_quintile == 1


def test_imd_2025_file7_keeps_the_score(tmp_path):
    path = write(
        tmp_path,
        "File_7_2025.csv",
        [FILE7_2025, "E01035012,Tunbridge Wells 015F,E07000116,Tunbridge Wells,21.456,14000,5,0.1,15000"],
    )
    load_imd(path, edition=2025, version="File 7 2025")
    lsoa = Lsoa21.objects.get(code="E01035012")
    assert (lsoa.imd2025_decile, lsoa.imd2025_rank, str(lsoa.imd2025_score)) == (5, 14000, "21.456")


def test_the_wrong_edition_is_refused(tmp_path):
    path = write(tmp_path, "File_7_2025.csv", [FILE7_2025, "E01035012,x,E07000116,x,21.4,14000,5,0.1,1"])
    with pytest.raises(FileRefused, match=r"it is the 2025 edition's layout\. Use --edition 2025"):
        load_imd(path, edition=2019, version="wrong")


def test_bad_imd_rows_are_named(tmp_path):
    path = write(
        tmp_path,
        "File_7_2019.csv",
        [
            FILE7_2019,
            "E01024092,x,E07000106,x,40.1,3000,11,0.3,2000",
            "E01004736,x,E09000033,x,10.2,first,8,0.05,26000",
        ],
    )
    with pytest.raises(FileRefused) as refused:
        load_imd(path, edition=2019, version="bad")
    assert [error.split(":")[0] for error in refused.value.errors] == ["row 2", "row 3"]
    assert "is not a decile from 1 to 10" in refused.value.errors[0]
    assert Lsoa11.objects.get(code="E01024092").imd2019_decile == 3
