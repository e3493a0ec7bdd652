"""`onramp geo …` as a user runs it."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.usefixtures("geography")


def geo(*args):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("geo", *args, stdout=out, stderr=err)
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue(), err.getvalue()


def test_lookup_json_in_input_order_exit_0_when_all_resolve():
    code, out, _ = geo("lookup", "ct11aa", " TN1  1AA ", "--json")
    assert code == 0
    data = json.loads(out)
    assert [item["input"] for item in data] == ["ct11aa", " TN1  1AA "]
    assert data[0] == {
        "input": "ct11aa",
        "postcode": "CT1 1AA",
        "lsoa11": "E01024092",
        "imd2019_decile": 3,
        "imd2019_quintile": 2,
        "lsoa21": "E01024092",
        "imd2025_decile": 2,
        "imd2025_quintile": 1,
        "icb_ods": "QKS",
        "icb_ons": "E54000032",
        "icb_name": "NHS Kent and Medway Integrated Care Board",
        "terminated": False,
        "error": None,
    }
    assert data[1]["terminated"] is True


def test_lookup_exit_1_when_any_does_not_resolve():
    code, out, _ = geo("lookup", "CT1 1AA", "EH1 1YZ", "nonsense", "--json")
    assert code == 1
    errors = [item["error"] for item in json.loads(out)]
    assert errors == [
        None,
        "This postcode is not in England.",
        "This is not a postcode: enter a UK postcode, like SW1A 1AA.",
    ]


def test_lookup_table():
    code, out, _ = geo("lookup", "CT1 1AA", "EH1 1YZ")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["input", "postcode", "LSOA"]
    assert "QKS NHS Kent and Medway Integrated Care Board" in lines[1]
    assert "not in England" in lines[2]


def test_load_postcodes_reports_and_refuses(tmp_path):
    good = tmp_path / "nspl.csv"
    good.write_text("pcds,dointr,doterm,lsoa11\nCT1 9ZZ,202501,,E01024092\n")
    _, out, _ = geo("load-postcodes", str(good), "--version", "NSPL test")
    assert "Loaded NSPL test: 1 rows read, 1 added, 0 updated, 0 unchanged." in out
    bad = tmp_path / "bad.csv"
    bad.write_text("pcds,dointr,doterm,lsoa11\nCT1 9ZY,2025,,E01024092\n")
    with pytest.raises(CommandError, match="nothing has changed"):
        call_command("geo", "load-postcodes", str(bad), stdout=io.StringIO(), stderr=(err := io.StringIO()))
    assert "row 2: dointr: '2025' is not a month written YYYYMM." in err.getvalue()


def test_status_lists_the_loaded_datasets():
    _, out, _ = geo("status")
    assert "postcodes" in out and "imd2025" in out and "lsoa_changes" in out


def test_the_reference_data_page_lists_versions_and_attribution(client_as):
    html = client_as("admin").get("/reference-data/").content.decode()
    assert "test extract of bundled: ONS postcode to LSOA (2011) best-fit lookup, May 2022" in html
    assert "Contains OS data © Crown copyright" in html


def test_refresh_re_enriches_stored_postcodes_set_based(people, tmp_path, django_assert_max_num_queries):
    """After a new IMD release, `onramp geo refresh` updates every young person in a fixed number of queries."""
    from onramp.geography.loaders import load_imd
    from onramp.geography.services import refresh_all
    from onramp.participants.models import YoungPerson

    people.kent.refresh_from_db()
    assert people.kent.imd2019_decile == 3
    path = tmp_path / "File_7_2019.csv"
    path.write_text(
        '"LSOA code (2011)","Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)",'
        '"Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)"\n'
        "E01024092,1500,1\n"
    )
    load_imd(path, edition=2019, version="File 7 corrected")
    with django_assert_max_num_queries(12):
        counts = refresh_all()
    assert counts == {"young people": 1}  # the Sussex person has no postcode
    people.kent.refresh_from_db()
    assert (people.kent.imd2019_decile, people.kent.icb_ods, people.kent.lsoa21) == (1, "QKS", "E01024092")
    assert "File 7 corrected" in people.kent.geography_version
    assert YoungPerson.objects.get(pk=people.sussex.pk).lsoa11 == ""


def test_refresh_command(people):
    _, out, _ = geo("refresh")
    assert "young people: 1 re-enriched" in out
