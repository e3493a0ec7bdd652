"""core.tabular: the one way every app turns a table into a CSV or XLSX download."""

from __future__ import annotations

import io

import pytest
from django.http import Http404
from openpyxl import load_workbook

from onramp.core.tabular import formula_safe, respond


@pytest.mark.parametrize("text", ["=SUM(A1:A2)", "+1", "-1+1", "@cmd", "\tx", "\rx"])
def test_text_a_spreadsheet_would_run_gets_a_leading_quote(text: str) -> None:
    assert formula_safe(text) == "'" + text


def test_other_values_pass_through_and_none_is_blank() -> None:
    assert formula_safe("Leeds") == "Leeds"
    assert formula_safe(-3) == -3
    assert formula_safe(None) == ""


def test_csv_is_streamed_with_a_byte_order_mark_and_a_dated_name() -> None:
    response = respond(name="list", fmt="csv", header=["a", "b"], rows=iter([["=1", 2], [None, "x"]]))
    body = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[union-attr]
    assert body == "\ufeffa,b\r\n'=1,2\r\n,x\r\n"
    assert response["Content-Disposition"].startswith('attachment; filename="list-')
    assert response["Content-Disposition"].endswith('.csv"')


def test_xlsx_has_one_sheet_named_for_the_list_with_safe_cells() -> None:
    response = respond(name="register", fmt="xlsx", header=["a"], rows=[["@x"], [5]])
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["register"]
    assert [row for row in workbook["register"].iter_rows(values_only=True)] == [("a",), ("'@x",), (5,)]


def test_any_other_format_is_not_found() -> None:
    with pytest.raises(Http404):
        respond(name="list", fmt="pdf", header=["a"], rows=[])
