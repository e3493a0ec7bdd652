"""The home-made PDF writer, read back with pypdf: text, layout, page flow, metadata and file structure."""

from __future__ import annotations

import io
import itertools
import logging
import re
import warnings

import pytest
from pypdf import PdfReader
from pypdf.generic import BooleanObject, DictionaryObject

from onramp.core.pdf import MARGIN, PAGE_HEIGHT, PAGE_WIDTH, TEXT_WIDTH, Document, FontName, text_width, wrap_text

LOREM = (
    "Asha joined the programme after a taster day at the hospital and has since completed her Care Certificate, "
    "two placements on the wards and an interview that led to a permanent job as a healthcare support worker."
)
TEXT_OP = re.compile(rb"BT /(F[12]) ([\d.]+) Tf (-?[\d.]+) (-?[\d.]+) Td \(((?:\\.|[^\\)])*)\) Tj ET")
FONTS: dict[bytes, FontName] = {b"F1": "Helvetica", b"F2": "Helvetica-Bold"}


class _Collect(logging.Handler):
    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def read(data: bytes) -> PdfReader:
    """Read a PDF strictly, failing on any warning pypdf gives, whether as a Python warning or a log record."""
    handler = _Collect(logging.WARNING)
    logger = logging.getLogger("pypdf")
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            reader = PdfReader(io.BytesIO(data), strict=True)
            for page in reader.pages:
                page.extract_text()
    finally:
        logger.removeHandler(handler)
    assert not handler.records, [record.getMessage() for record in handler.records]
    return reader


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in read(data).pages]


def text_ops(data: bytes) -> list[list[tuple[FontName, float, float, float, str]]]:
    """Every string drawn on each page: font, size, x, baseline y, text."""
    pages = []
    for page in read(data).pages:
        contents = page.get_contents()
        assert contents is not None
        ops = []
        for font, size, x, y, string in TEXT_OP.findall(contents.get_data()):
            text = re.sub(rb"\\(.)", rb"\1", string).decode("cp1252")
            ops.append((FONTS[font], float(size), float(x), float(y), text))
        pages.append(ops)
    return pages


def sample_document(rows: int = 3) -> Document:
    doc = Document(title="Learning story: Asha")
    doc.heading("Learning story")
    doc.paragraph(LOREM)
    doc.heading("What changed", 2)
    doc.bullets(["Completed the Care Certificate", "Hourly pay rose by £5.62 – from £7.00 to £12.62"])
    doc.heading("Figures", 3)
    doc.table(["Measure", "Before", "After"], [[f"Measure {n}", f"{n},000", f"£{n}.50"] for n in range(1, rows + 1)])
    return doc


def test_the_file_starts_with_the_header_and_a_binary_comment() -> None:
    data = sample_document().render()
    assert data.startswith(b"%PDF-1.4\n%")
    second_line = data.split(b"\n")[1]
    assert second_line.startswith(b"%") and all(byte > 127 for byte in second_line[1:])
    assert data.endswith(b"%%EOF\n")


def test_text_reads_back() -> None:
    texts = page_texts(sample_document().render())
    assert len(texts) == 1
    text = texts[0]
    for expected in ["Learning story", "What changed", "Figures", "Care Certificate", "£5.62", "– from £7.00"]:
        assert expected in text
    for word in LOREM.split():
        assert word in text
    for cell in ["Measure", "Before", "After", "Measure 1", "1,000", "£3.50"]:
        assert cell in text
    assert "Page 1 of 1" in text


def test_every_page_says_page_n_of_m() -> None:
    doc = Document(title="Long")
    for _ in range(12):
        doc.paragraph(LOREM * 5)
    texts = page_texts(doc.render())
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text


def test_page_count_grows_with_content() -> None:
    counts = []
    for paragraphs in (1, 30, 90):
        doc = Document(title="Growing")
        for _ in range(paragraphs):
            doc.paragraph(LOREM)
        counts.append(len(read(doc.render()).pages))
    assert counts[0] == 1
    assert counts[0] < counts[1] < counts[2]


def test_an_empty_document_is_one_blank_page() -> None:
    texts = page_texts(Document(title="Empty").render())
    assert len(texts) == 1
    assert texts[0].strip() == "Page 1 of 1"


def test_info_dictionary_and_catalog() -> None:
    title = "Learning story – Asha O’Neill, £5.62"
    reader = read(Document(title=title, author="Kent coordinator").render())
    assert reader.metadata is not None
    assert reader.metadata.title == title
    assert reader.metadata.author == "Kent coordinator"
    assert reader.metadata.producer == "Onramp"
    root = reader.root_object
    assert root["/Lang"] == "en-GB"
    preferences = root["/ViewerPreferences"].get_object()
    assert isinstance(preferences, DictionaryObject)
    assert isinstance(preferences["/DisplayDocTitle"], BooleanObject)
    assert preferences["/DisplayDocTitle"]
    page = reader.pages[0]
    assert [float(value) for value in page.mediabox] == [0, 0, PAGE_WIDTH, PAGE_HEIGHT]
    resources = page["/Resources"].get_object()
    assert isinstance(resources, DictionaryObject)
    fonts = resources["/Font"].get_object()
    assert isinstance(fonts, DictionaryObject)
    faces = {}
    for reference in fonts.values():
        font = reference.get_object()
        assert isinstance(font, DictionaryObject)
        assert font["/Subtype"] == "/Type1"
        assert font["/Encoding"] == "/WinAnsiEncoding"
        faces[font["/BaseFont"]] = font
    assert set(faces) == {"/Helvetica", "/Helvetica-Bold"}


def test_content_streams_are_compressed() -> None:
    data = sample_document().render()
    assert b"/Filter /FlateDecode" in data
    assert b" Tj" not in data  # no drawing operator is left in the clear


def test_cp1252_punctuation_survives() -> None:
    doc = Document(title="Punctuation")
    doc.paragraph("£5.62 – en dash — em dash ’quote’ “double” ellipsis… bullet • café € ©")
    text = page_texts(doc.render())[0]
    assert "£5.62 – en dash — em dash ’quote’ “double” ellipsis… bullet • café € ©" in text


def test_characters_outside_cp1252_become_question_marks() -> None:
    doc = Document(title="Emoji 🎉 and 中文 in the title")
    doc.heading("Party 🎉")
    doc.paragraph("Greek Ω, Chinese 中文, emoji 👍🏽, a lone surrogate \ud800 and a NUL \x00 here.")
    doc.bullets(["Arrow → there"])
    doc.table(["Sign"], [["✓"]])
    data = doc.render()
    reader = read(data)
    assert reader.metadata is not None
    assert reader.metadata.title == "Emoji 🎉 and 中文 in the title"  # the Info dictionary is UTF-16, not cp1252
    text = reader.pages[0].extract_text()
    assert "Party ?" in text
    assert "Greek ?, Chinese ??, emoji ??, a lone surrogate ? and a NUL ? here." in text
    assert "Arrow ? there" in text


def test_decomposed_accents_are_composed() -> None:
    doc = Document(title="Accents")
    doc.paragraph("Cafe\u0301 and Zoe\u0308")
    assert "Café and Zoë" in page_texts(doc.render())[0]


def test_parentheses_and_backslashes_are_escaped() -> None:
    doc = Document(title="Escapes (and) \\ more")
    doc.paragraph(r"Unbalanced ((( and ) with C:\path\to\file and \( escaped-looking \)")
    reader = read(doc.render())
    assert reader.metadata is not None
    assert reader.metadata.title == "Escapes (and) \\ more"
    assert r"Unbalanced ((( and ) with C:\path\to\file and \( escaped-looking \)" in reader.pages[0].extract_text()


def test_a_long_paragraph_spreads_over_several_pages_in_order() -> None:
    words = [f"word{number}" for number in range(3000)]
    doc = Document(title="Long")
    doc.paragraph(" ".join(words))
    texts = page_texts(doc.render())
    assert len(texts) >= 3
    found = re.findall(r"word\d+", "\n".join(texts))
    assert found == words
    for text in texts:
        assert "word" in text  # no page is blank


# Measuring and wrapping


def test_widths_are_helvetica_afm_widths() -> None:
    assert text_width("Hello", "Helvetica", 1000) == 722 + 556 + 222 + 222 + 556
    assert text_width("Hello", "Helvetica-Bold", 1000) == 722 + 556 + 278 + 278 + 611
    assert text_width("£–—’“”…•€", "Helvetica", 1000) == 556 + 556 + 1000 + 222 + 333 + 333 + 1000 + 350 + 556
    assert text_width("W", "Helvetica", 10) == pytest.approx(9.44)
    assert text_width("", "Helvetica", 11) == 0
    assert text_width("中", "Helvetica", 1000) == text_width("?", "Helvetica", 1000) == 556


@pytest.mark.parametrize("font", ["Helvetica", "Helvetica-Bold"])
@pytest.mark.parametrize("size", [8, 11, 20])
@pytest.mark.parametrize("width", [30.0, 95.5, 200.0, TEXT_WIDTH])
def test_wrapped_lines_fit_and_keep_every_word(font: FontName, size: float, width: float) -> None:
    text = " ".join([LOREM, "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW", "£5.62 – “quoted” … ok", LOREM.upper()])
    lines = wrap_text(text, width, font, size)
    assert len(lines) > 1
    for line in lines:
        assert text_width(line, font, size) <= width + 1e-9, line
        assert line == line.strip() and line
    assert "".join("".join(lines).split()) == "".join(text.split())  # nothing lost, only breaks added


def test_wrapping_fills_lines_greedily() -> None:
    lines = wrap_text(LOREM, 200, "Helvetica", 11)
    for line, following in itertools.pairwise(lines):
        next_word = following.split()[0]
        assert text_width(f"{line} {next_word}", "Helvetica", 11) > 200


def test_a_word_longer_than_the_line_is_broken_by_characters() -> None:
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
    lines = wrap_text(f"a {word} b", 100, "Helvetica", 11)
    assert lines[0] == "a"
    assert "".join(lines[1:]).replace(" ", "") == word + "b"
    assert all(text_width(line, "Helvetica", 11) <= 100 for line in lines)
    assert len(lines) > 4


def test_a_line_too_narrow_for_one_character_still_makes_progress() -> None:
    assert wrap_text("MW", 1, "Helvetica", 11) == ["M", "W"]


def test_line_breaks_and_spaces() -> None:
    assert wrap_text("one\ntwo\r\n\nthree", 500) == ["one", "two", "", "three"]
    assert wrap_text("  spaced    out\twords  ", 500) == ["spaced out words"]
    assert wrap_text("", 500) == [""]
    assert wrap_text("no\xa0break here", 60) == ["no\xa0break", "here"]


def test_nothing_is_drawn_outside_the_margins() -> None:
    doc = Document(title="Margins")
    doc.heading("A heading long enough to wrap onto a second line of its own at twenty points in bold type")
    for _ in range(6):
        doc.paragraph(LOREM + " WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW")
        doc.bullets([LOREM, "short", "M" * 120])
        doc.table(["Name", "Amount", "Notes"], [["W" * 40, "£1,234.56", LOREM]] * 4, widths=[1, 1, 2])
    pages = text_ops(doc.render())
    assert len(pages) > 3
    for ops in pages:
        *body, footer = ops
        assert footer[3] < MARGIN and footer[4].startswith("Page ")
        for font, size, x, y, text in body:
            assert x >= MARGIN - 1e-6, text
            assert x + text_width(text, font, size) <= PAGE_WIDTH - MARGIN + 0.01, text
            assert MARGIN <= y <= PAGE_HEIGHT - MARGIN - size * 0.718 + 0.01, text


# Page flow


def test_a_heading_is_never_left_alone_at_the_foot_of_a_page() -> None:
    tested_boundary = False
    for filler in range(20, 50):
        doc = Document(title="Keep with next")
        for number in range(filler):
            doc.paragraph(f"Filler line {number}.")
        doc.heading("Next steps", 2)
        doc.heading("In the coming month", 3)
        doc.paragraph("Alpha starts the paragraph after the headings.")
        texts = page_texts(doc.render())
        tested_boundary |= len(texts) == 2 and f"Filler line {filler - 1}." in texts[0]
        [page] = [text for text in texts if "Next steps" in text]
        assert "In the coming month" in page
        assert "Alpha starts" in page
    assert tested_boundary


def test_a_heading_stays_with_the_start_of_a_table() -> None:
    for filler in range(20, 50):
        doc = Document(title="Keep with table")
        for number in range(filler):
            doc.paragraph(f"Filler line {number}.")
        doc.heading("Figures", 2)
        doc.table(["Measure", "Value"], [["First row", "1"], ["Second row", "2"]])
        [page] = [text for text in page_texts(doc.render()) if "Figures" in text]
        assert "Measure" in page and "First row" in page


def test_a_long_table_repeats_its_header_and_never_splits_a_row() -> None:
    doc = Document(title="Table")
    doc.paragraph("Intro.")
    rows = [[f"Row {number}", f"{number * 7},000", f"start{number} {LOREM} end{number}"] for number in range(60)]
    doc.table(["Cohort", "Total", "Commentary"], rows, widths=[1, 1, 3])
    texts = page_texts(doc.render())
    assert len(texts) >= 3
    for text in texts:
        assert text.count("Cohort") == 1 and "Commentary" in text
    for number in range(60):
        [page] = [text for text in texts if f"start{number} " in text]
        assert f"end{number}" in page and f"Row {number}" in page
    found = [int(match) for match in re.findall(r"Row (\d+)", "\n".join(texts))]
    assert found == list(range(60))


def test_a_row_taller_than_a_page_is_split_rather_than_lost() -> None:
    doc = Document(title="Huge row")
    words = [f"w{number}" for number in range(1500)]
    doc.table(["Key", "Text"], [["only", " ".join(words)], ["after", "x"]], widths=[1, 4])
    texts = page_texts(doc.render())
    assert len(texts) >= 2
    assert re.findall(r"w\d+", "\n".join(texts)) == words
    assert all("Key" in text for text in texts)


def test_figure_columns_are_right_aligned() -> None:
    doc = Document(title="Align")
    doc.table(["Name", "Pay"], [["Asha", "£5.62"], ["Ben", "£12.00"], ["Cal", "–"]])
    [ops] = text_ops(doc.render())
    right_edge = MARGIN + TEXT_WIDTH
    for font, size, x, _, text in ops:
        if text in ("Pay", "£5.62", "£12.00", "–"):
            assert x + text_width(text, font, size) == pytest.approx(right_edge - 4, abs=0.01)
        if text in ("Name", "Asha"):
            assert x == pytest.approx(MARGIN + 4, abs=0.01)


def test_page_breaks() -> None:
    doc = Document(title="Breaks")
    doc.page_break()  # nothing on the page yet: no blank first page
    doc.paragraph("One")
    doc.page_break()
    doc.page_break()  # a second break in a row makes no blank page
    doc.paragraph("Two")
    texts = page_texts(doc.render())
    assert len(texts) == 2
    assert "One" in texts[0] and "Two" in texts[1]


def test_bad_input_is_refused() -> None:
    doc = Document(title="Bad")
    with pytest.raises(ValueError, match="heading level"):
        doc.heading("Too deep", 4)
    with pytest.raises(ValueError, match="row 2 has 1 cells"):
        doc.table(["A", "B"], [["1", "2"], ["3"]])
    with pytest.raises(ValueError, match="widths"):
        doc.table(["A", "B"], [], widths=[1])
    with pytest.raises(ValueError, match="widths"):
        doc.table(["A", "B"], [], widths=[1, 0])
    with pytest.raises(ValueError, match="at least one column"):
        doc.table([], [])


def test_render_twice_gives_the_same_pages() -> None:
    doc = sample_document(rows=40)
    assert page_texts(doc.render()) == page_texts(doc.render())


# File structure


def test_xref_offsets_point_at_their_objects() -> None:
    data = sample_document(rows=80).render()
    match = re.search(rb"startxref\n(\d+)\n%%EOF\n$", data)
    assert match is not None
    xref = int(match.group(1))
    assert data[xref:].startswith(b"xref\n0 ")
    header = data[xref:].split(b"\n", 2)[1]
    first, count = (int(part) for part in header.split())
    assert first == 0
    table = data[xref + len(b"xref\n") + len(header) + 1 :]
    entries = [table[index * 20 : (index + 1) * 20] for index in range(count)]
    assert entries[0] == b"0000000000 65535 f \n"
    for number, entry in enumerate(entries[1:], start=1):
        assert re.fullmatch(rb"\d{10} 00000 n \n", entry)
        assert data[int(entry[:10]) :].startswith(f"{number} 0 obj\n".encode())
    trailer = table[count * 20 :]
    assert trailer.startswith(b"trailer\n<< ")
    assert f"/Size {count} ".encode() in trailer
    assert b"/Root 1 0 R" in trailer and b"/Info 5 0 R" in trailer
    assert len(read(data).pages) > 1  # and pypdf, strict, reads it without a warning
