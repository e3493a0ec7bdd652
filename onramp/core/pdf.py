"""A small PDF writer for Onramp's reports: headings, paragraphs, bullet lists and simple tables.

Why our own writer rather than reportlab or fpdf: a learning story is a few pages of text and tables of
figures, which needs perhaps 1% of what those libraries do. This module is a few hundred lines of standard
library Python (zlib for compression), so it adds no runtime dependency, no C extension and no upgrade
churn, and the whole thing can be read in one sitting.

It deliberately does little:

* A4 portrait, 56 pt margins, "Page N of M" centred in the footer of every page.
* Only two of the standard 14 fonts, Helvetica and Helvetica-Bold, with /WinAnsiEncoding. PDF readers
  supply these fonts, so nothing is embedded. Text is encoded to cp1252 (which is what WinAnsiEncoding is),
  so "£", "–", "—", "’", "“", "”", "…" and "•" work; any other character is drawn as "?".
* Word wrapping measures text with the real Adobe AFM glyph widths (embedded below, no kerning is applied
  when drawing either), so a line never runs past the right margin. A word longer than a line is broken
  between characters.
* Content flows onto new pages by itself. A heading is never left alone at the bottom of a page: it moves
  to the next page together with the first line of what follows. Table rows are never split (a row that
  does not fit goes to the next page, under a repeat of the header row); only a single row taller than a
  whole page is split, as the one way to show all of it.
* No tagging (this is not an accessible, tagged PDF), but the catalog sets /Lang en-GB and viewers are
  asked to show the document title rather than the file name.

Use it from a view like this::

    doc = Document(title="Learning story: Asha Patel")
    doc.heading("Learning story")
    doc.paragraph("Asha joined the programme in March …")
    doc.bullets(["Care Certificate completed", "Two placements"])
    doc.table(["Measure", "Value"], [["Hourly pay", "£12.60"]], widths=[3, 1])
    response = HttpResponse(doc.render(), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="learning-story.pdf"'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

__all__ = [
    "MARGIN",
    "PAGE_HEIGHT",
    "PAGE_WIDTH",
    "TEXT_WIDTH",
    "Document",
    "FontName",
    "sanitize",
    "text_width",
    "wrap_text",
]

PAGE_WIDTH = 595.28  # A4 portrait, in points
PAGE_HEIGHT = 841.89
MARGIN = 56.0
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
TOP = PAGE_HEIGHT - MARGIN  # the top of the text area; content never goes below MARGIN

FontName = Literal["Helvetica", "Helvetica-Bold"]

# Glyph advance widths, in 1/1000 of the font size, for cp1252 (= WinAnsiEncoding) codes 32 to 255, from
# Adobe's Core14 AFM files (Helvetica.afm and Helvetica-Bold.afm, Copyright (c) 1985-1999 Adobe Systems
# Incorporated; Helvetica is a trademark of Linotype-Hell AG and/or its subsidiaries). Codes that cp1252
# leaves undefined (127, 129, 141, 143, 144, 157) are 0 and are never drawn; 160 (no-break space) is drawn
# as a space and 173 (soft hyphen) as a hyphen, as WinAnsiEncoding says.
# fmt: off
_HELVETICA: tuple[int, ...] = (  # Helvetica.afm, codes 32-255
     278,  278,  355,  556,  556,  889,  667,  191,  333,  333,  389,  584,  278,  333,  278,  278,  #  32- 47
     556,  556,  556,  556,  556,  556,  556,  556,  556,  556,  278,  278,  584,  584,  584,  556,  #  48- 63
    1015,  667,  667,  722,  722,  667,  611,  778,  722,  278,  500,  667,  556,  833,  722,  778,  #  64- 79
     667,  778,  722,  667,  611,  722,  667,  944,  667,  667,  611,  278,  278,  278,  469,  556,  #  80- 95
     333,  556,  556,  500,  556,  556,  278,  556,  556,  222,  222,  500,  222,  833,  556,  556,  #  96-111
     556,  556,  333,  500,  278,  556,  500,  722,  500,  500,  500,  334,  260,  334,  584,    0,  # 112-127
     556,    0,  222,  556,  333, 1000,  556,  556,  333, 1000,  667,  333, 1000,    0,  611,    0,  # 128-143
       0,  222,  222,  333,  333,  350,  556, 1000,  333, 1000,  500,  333,  944,    0,  500,  667,  # 144-159
     278,  333,  556,  556,  556,  556,  260,  556,  333,  737,  370,  556,  584,  333,  737,  333,  # 160-175
     400,  584,  333,  333,  333,  556,  537,  278,  333,  333,  365,  556,  834,  834,  834,  611,  # 176-191
     667,  667,  667,  667,  667,  667, 1000,  722,  667,  667,  667,  667,  278,  278,  278,  278,  # 192-207
     722,  722,  778,  778,  778,  778,  778,  584,  778,  722,  722,  722,  722,  667,  667,  611,  # 208-223
     556,  556,  556,  556,  556,  556,  889,  500,  556,  556,  556,  556,  278,  278,  278,  278,  # 224-239
     556,  556,  556,  556,  556,  556,  556,  584,  611,  556,  556,  556,  556,  500,  556,  500,  # 240-255
)
_HELVETICA_BOLD: tuple[int, ...] = (  # Helvetica-Bold.afm, codes 32-255
     278,  333,  474,  556,  556,  889,  722,  238,  333,  333,  389,  584,  278,  333,  278,  278,  #  32- 47
     556,  556,  556,  556,  556,  556,  556,  556,  556,  556,  333,  333,  584,  584,  584,  611,  #  48- 63
     975,  722,  722,  722,  722,  667,  611,  778,  722,  278,  556,  722,  611,  833,  722,  778,  #  64- 79
     667,  778,  722,  667,  611,  722,  667,  944,  667,  667,  611,  333,  278,  333,  584,  556,  #  80- 95
     333,  556,  611,  556,  611,  556,  333,  611,  611,  278,  278,  556,  278,  889,  611,  611,  #  96-111
     611,  611,  389,  556,  333,  611,  556,  778,  556,  556,  500,  389,  280,  389,  584,    0,  # 112-127
     556,    0,  278,  556,  500, 1000,  556,  556,  333, 1000,  667,  333, 1000,    0,  611,    0,  # 128-143
       0,  278,  278,  500,  500,  350,  556, 1000,  333, 1000,  556,  333,  944,    0,  500,  667,  # 144-159
     278,  333,  556,  556,  556,  556,  280,  556,  333,  737,  370,  556,  584,  333,  737,  333,  # 160-175
     400,  584,  333,  333,  333,  611,  556,  278,  333,  333,  365,  556,  834,  834,  834,  611,  # 176-191
     722,  722,  722,  722,  722,  722, 1000,  722,  667,  667,  667,  667,  278,  278,  278,  278,  # 192-207
     722,  722,  778,  778,  778,  778,  778,  584,  778,  722,  722,  722,  722,  667,  667,  611,  # 208-223
     556,  556,  556,  556,  556,  556,  889,  556,  556,  556,  556,  556,  278,  278,  278,  278,  # 224-239
     611,  611,  611,  611,  611,  611,  611,  584,  611,  611,  611,  611,  611,  556,  611,  556,  # 240-255
)
# fmt: on

_WIDTHS: dict[FontName, tuple[int, ...]] = {"Helvetica": _HELVETICA, "Helvetica-Bold": _HELVETICA_BOLD}
_RESOURCE: dict[FontName, str] = {"Helvetica": "F1", "Helvetica-Bold": "F2"}
_ASCENT = 0.718  # Helvetica's ascender and descender, as a fraction of the font size (both faces)
_DESCENT = 0.207
_EPSILON = 1e-6

_NEWLINE = re.compile(r"\r\n|[\r\n]")
_SPACES = re.compile(r"[ \t\f\v]+")  # ASCII only: a no-break space (U+00A0) joins words instead
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NUMERIC = re.compile(r"[-+−]?[£$€]?[-+−]?\d[\d,]*(\.\d+)?%?|[-–—]")  # a figure, or a dash standing for none


def sanitize(text: str) -> str:
    """Return text as it will be drawn: every character one that cp1252 has, any other one as "?".

    Decomposed accents are composed first (so "e" + U+0301 is drawn as "é"), soft hyphens are dropped and
    tabs become spaces. Line breaks are not handled here: `wrap_text` splits on them first.
    """
    text = unicodedata.normalize("NFC", text).replace("\xad", "").replace("\t", " ")
    text = text.encode("cp1252", errors="replace").decode("cp1252")
    return _CONTROL.sub("?", text)


def _units(sanitized: str, font: FontName) -> int:
    """The advance width of already sanitized text, in 1/1000 of the font size."""
    widths = _WIDTHS[font]
    return sum(widths[code - 32] for code in sanitized.encode("cp1252"))


def text_width(text: str, font: FontName = "Helvetica", size: float = 11.0) -> float:
    """The width in points of text drawn on one line in font at size (no kerning: none is applied)."""
    return _units(sanitize(text), font) * size / 1000


def wrap_text(text: str, width: float, font: FontName = "Helvetica", size: float = 11.0) -> list[str]:
    """Break text into lines no wider than width points, as drawn in font at size.

    Runs of spaces collapse to one, a line break in text starts a new line (an empty line stays empty),
    and a word wider than a whole line is broken between characters. The lines are sanitized (see
    `sanitize`), ready to draw. There is always at least one line, which may be "".
    """
    limit = width * 1000 / size + _EPSILON  # compare in font units, which are exact integers
    space = _units(" ", font)
    lines: list[str] = []
    for source in _NEWLINE.split(text):
        current: list[str] = []
        current_units = 0
        for word in _SPACES.split(sanitize(source)):
            if not word:
                continue
            units = _units(word, font)
            if current and current_units + space + units <= limit:
                current.append(word)
                current_units += space + units
                continue
            if current:
                lines.append(" ".join(current))
            if units <= limit:
                current, current_units = [word], units
                continue
            pieces = _break_word(word, limit, font)
            lines.extend(pieces[:-1])
            current, current_units = [pieces[-1]], _units(pieces[-1], font)
        lines.append(" ".join(current))
    return lines


def _break_word(word: str, limit: float, font: FontName) -> list[str]:
    """Split a sanitized word into pieces no wider than limit font units (at least one character each)."""
    widths = _WIDTHS[font]
    pieces: list[str] = []
    piece, piece_units = "", 0
    for char in word:
        units = widths[char.encode("cp1252")[0] - 32]
        if piece and piece_units + units > limit:
            pieces.append(piece)
            piece, piece_units = "", 0
        piece += char
        piece_units += units
    pieces.append(piece)
    return pieces


# Layout: the public methods wrap text into blocks straight away; render() flows the blocks onto pages.


@dataclass(frozen=True)
class _Style:
    font: FontName
    size: float
    leading: float  # the height of one line

    def baseline(self, top: float) -> float:
        """Where to put the baseline of a line whose box starts at top: glyphs centred in the leading."""
        return top - (self.leading - (_ASCENT + _DESCENT) * self.size) / 2 - _ASCENT * self.size


_BODY = _Style("Helvetica", 11, 15)
_CELL = _Style("Helvetica", 10, 13)
_CELL_BOLD = _Style("Helvetica-Bold", 10, 13)
_FOOTER = _Style("Helvetica", 9, 11)
# level: (style, space before, space after)
_HEADINGS: dict[int, tuple[_Style, float, float]] = {
    1: (_Style("Helvetica-Bold", 20, 25), 18, 8),
    2: (_Style("Helvetica-Bold", 15, 19), 14, 6),
    3: (_Style("Helvetica-Bold", 12, 16), 10, 4),
}
_PARAGRAPH_AFTER = 8.0
_BULLET_INDENT = 18.0  # where an item's text starts; the bullet hangs in this indent
_BULLET_X = 5.0
_ITEM_GAP = 3.0
_CELL_PADDING = 4.0
_TABLE_BEFORE = 4.0
_TABLE_AFTER = 12.0
_LINE_WIDTH = 0.5


@dataclass(frozen=True)
class _Line:
    text: str
    style: _Style
    indent: float = 0.0
    marker: str = ""  # drawn in the hanging indent: a bullet
    gap_before: float = 0.0  # extra space above this line within its block (between list items)


@dataclass(frozen=True)
class _Flow:
    """Lines of text: a heading, a paragraph or a bullet list."""

    lines: list[_Line]
    space_before: float
    space_after: float
    heading: bool = False  # kept in one piece, and on the same page as the first line that follows


@dataclass(frozen=True)
class _Table:
    columns: list[tuple[float, float]]  # x and width of each column
    right_aligned: list[bool]
    header: list[list[str]]  # the wrapped lines of each cell
    rows: list[list[list[str]]]
    space_before: float = _TABLE_BEFORE
    space_after: float = _TABLE_AFTER


@dataclass(frozen=True)
class _PageBreak:
    space_before: float = 0.0
    space_after: float = 0.0


type _Block = _Flow | _Table | _PageBreak


def _row_height(cells: list[list[str]]) -> float:
    return max(len(lines) for lines in cells) * _CELL.leading + 2 * _CELL_PADDING


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _escape(data: bytes) -> bytes:
    """A PDF literal string's contents: backslash and both parentheses escaped."""
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)").replace(b"\r", b"\\r")


class _Pages:
    """The pages being filled: content-stream operators for each, and the current position on the last."""

    def __init__(self) -> None:
        self.pages: list[list[bytes]] = []
        self.y = TOP
        self.empty = True
        self.new_page()

    def new_page(self) -> None:
        self.pages.append([])
        self.y = TOP
        self.empty = True

    @property
    def room(self) -> float:
        return self.y - MARGIN

    def fits(self, height: float) -> bool:
        return height <= self.room + _EPSILON

    def text(self, x: float, baseline: float, text: str, font: FontName, size: float) -> None:
        if not text:
            return
        string = _escape(text.encode("cp1252"))
        self.pages[-1].append(
            f"BT /{_RESOURCE[font]} {_num(size)} Tf {_num(x)} {_num(baseline)} Td (".encode() + string + b") Tj ET"
        )
        self.empty = False

    def rect(self, x: float, y: float, width: float, height: float, *, fill: bool) -> None:
        operator = "f" if fill else "S"
        self.pages[-1].append(f"{_num(x)} {_num(y)} {_num(width)} {_num(height)} re {operator}".encode())
        self.empty = False

    def raw(self, operators: str) -> None:
        self.pages[-1].append(operators.encode())


class _Layout:
    """Flows blocks onto pages."""

    def __init__(self, blocks: list[_Block]) -> None:
        self.blocks = blocks
        self.pages = _Pages()

    def run(self) -> list[list[bytes]]:
        pending = 0.0  # the space after the block before; the gap between two blocks is the larger of the two
        for index, block in enumerate(self.blocks):
            if isinstance(block, _PageBreak):
                if not self.pages.empty:
                    self.pages.new_page()
                pending = 0.0
                continue
            gap = 0.0 if self.pages.empty else max(pending, block.space_before)
            if not self.pages.empty and not self.pages.fits(gap + self._lead(index)):
                self.pages.new_page()
                gap = 0.0
            self.pages.y -= gap
            if isinstance(block, _Flow):
                self._flow(block)
            else:
                self._table(block)
            pending = block.space_after
        return self.pages.pages

    def _lead(self, index: int) -> float:
        """The height at the start of a block that must go on one page: its first line or table row, a whole
        heading, and for a heading also the lead of what follows it."""
        block = self.blocks[index]
        if isinstance(block, _PageBreak):
            return 0.0
        if isinstance(block, _Table):
            first = _row_height(block.rows[0]) if block.rows else 0.0
            return _row_height(block.header) + first
        if not block.heading:
            return block.lines[0].style.leading
        height = sum(line.gap_before + line.style.leading for line in block.lines)
        following = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
        if following is not None and not isinstance(following, _PageBreak):
            height += max(block.space_after, following.space_before) + self._lead(index + 1)
        return height

    def _flow(self, block: _Flow) -> None:
        pages = self.pages
        for number, line in enumerate(block.lines):
            gap = line.gap_before if number else 0.0
            if not pages.empty and not pages.fits(gap + line.style.leading):
                pages.new_page()
                gap = 0.0
            pages.y -= gap
            baseline = line.style.baseline(pages.y)
            if line.marker:
                pages.text(MARGIN + _BULLET_X, baseline, line.marker, line.style.font, line.style.size)
            pages.text(MARGIN + line.indent, baseline, line.text, line.style.font, line.style.size)
            pages.empty = False  # an empty line still takes its place
            pages.y -= line.style.leading

    def _table(self, table: _Table) -> None:
        pages = self.pages
        header_height = _row_height(table.header)
        self._row(table, table.header, header=True)
        for row in table.rows:
            height = _row_height(row)
            if pages.fits(height):
                self._row(table, row)
            elif header_height + height <= TOP - MARGIN + _EPSILON:  # fits on a fresh page, under the header
                pages.new_page()
                self._row(table, table.header, header=True)
                self._row(table, row)
            else:  # taller than any page: the one case where a row is split
                remaining = row
                while True:
                    capacity = int((pages.room - 2 * _CELL_PADDING + _EPSILON) // _CELL.leading)
                    if capacity >= max(len(lines) for lines in remaining):
                        self._row(table, remaining)
                        break
                    if capacity >= 1:
                        self._row(table, [lines[:capacity] for lines in remaining])
                        remaining = [lines[capacity:] for lines in remaining]
                    pages.new_page()
                    self._row(table, table.header, header=True)

    def _row(self, table: _Table, cells: list[list[str]], *, header: bool = False) -> None:
        pages = self.pages
        height = _row_height(cells)
        bottom = pages.y - height
        style = _CELL_BOLD if header else _CELL
        if header:
            pages.raw("0.92 g")
            for x, width in table.columns:
                pages.rect(x, bottom, width, height, fill=True)
            pages.raw("0 g")
        pages.raw(f"{_num(_LINE_WIDTH)} w 0.55 G")
        for x, width in table.columns:
            pages.rect(x, bottom, width, height, fill=False)
        pages.raw("0 G")
        for (x, width), lines, right in zip(table.columns, cells, table.right_aligned, strict=True):
            top = pages.y - _CELL_PADDING
            for line in lines:
                if right:
                    left = x + width - _CELL_PADDING - _units(line, style.font) * style.size / 1000
                else:
                    left = x + _CELL_PADDING
                pages.text(left, style.baseline(top), line, style.font, style.size)
                top -= style.leading
        pages.y = bottom
        pages.empty = False


def _text_string(text: str) -> bytes:
    """A PDF text string (for the Info dictionary): literal if plain ASCII, else UTF-16BE with a BOM."""
    if all(" " <= char <= "~" for char in text):
        return b"(" + _escape(text.encode("ascii")) + b")"
    return b"<FEFF" + text.encode("utf-16-be", errors="replace").hex().upper().encode() + b">"


class Document:
    """A PDF document built from headings, paragraphs, bullet lists, tables and page breaks, in order."""

    def __init__(self, *, title: str, author: str = "Onramp") -> None:
        self.title = title
        self.author = author
        self._blocks: list[_Block] = []

    def heading(self, text: str, level: int = 1) -> None:
        """A bold heading: level 1 is 20 pt, 2 is 15 pt, 3 is 12 pt. Never left alone at a page's foot."""
        if level not in _HEADINGS:
            raise ValueError(f"heading level must be 1, 2 or 3, not {level!r}")
        style, before, after = _HEADINGS[level]
        lines = [_Line(line, style) for line in wrap_text(text, TEXT_WIDTH, style.font, style.size)]
        self._blocks.append(_Flow(lines, before, after, heading=True))

    def paragraph(self, text: str) -> None:
        """11 pt Helvetica, wrapped to the text width; a line break in text starts a new line."""
        lines = [_Line(line, _BODY) for line in wrap_text(text, TEXT_WIDTH, _BODY.font, _BODY.size)]
        self._blocks.append(_Flow(lines, 0.0, _PARAGRAPH_AFTER))

    def bullets(self, items: list[str]) -> None:
        """A bulleted list; each item wraps with a hanging indent. An empty list adds nothing."""
        lines: list[_Line] = []
        for number, item in enumerate(items):
            wrapped = wrap_text(item, TEXT_WIDTH - _BULLET_INDENT, _BODY.font, _BODY.size)
            for index, line in enumerate(wrapped):
                first = index == 0
                lines.append(
                    _Line(
                        line,
                        _BODY,
                        indent=_BULLET_INDENT,
                        marker="•" if first else "",
                        gap_before=_ITEM_GAP if first and number else 0.0,
                    )
                )
        if lines:
            self._blocks.append(_Flow(lines, 0.0, _PARAGRAPH_AFTER))

    def table(self, header: list[str], rows: list[list[str]], *, widths: list[float] | None = None) -> None:
        """A grid table with a bold header row, as wide as the text.

        widths are the columns' relative widths (any unit: [2, 1, 1] makes the first column half the
        table); by default the columns are equal. Cell text wraps within its column. A row is never split
        across pages: one that does not fit starts the next page, under a repeat of the header row. A
        column whose cells are all figures (such as "£5.62", "1,204", "12.5%" or "–") is right-aligned.
        """
        count = len(header)
        if not count:
            raise ValueError("a table needs at least one column")
        for number, row in enumerate(rows, start=1):
            if len(row) != count:
                raise ValueError(f"table row {number} has {len(row)} cells, but the header has {count}")
        if widths is None:
            widths = [1.0] * count
        if len(widths) != count or any(not width > 0 for width in widths):
            raise ValueError(f"widths must be {count} positive numbers, one for each column")
        total = sum(widths)
        columns: list[tuple[float, float]] = []
        x = MARGIN
        for width in widths:
            points = TEXT_WIDTH * width / total
            columns.append((x, points))
            x += points
        right_aligned = [
            any(row[column].strip() for row in rows)
            and all(_NUMERIC.fullmatch(row[column].strip()) for row in rows if row[column].strip())
            for column in range(count)
        ]

        def wrap(cells: list[str], font: FontName) -> list[list[str]]:
            return [
                wrap_text(cell, width - 2 * _CELL_PADDING, font, _CELL.size)
                for cell, (_, width) in zip(cells, columns, strict=True)
            ]

        wrapped_header = wrap(header, "Helvetica-Bold")
        if _row_height(wrapped_header) > (TOP - MARGIN) / 2:
            raise ValueError("the table's header row is too tall: it would take over half a page")
        self._blocks.append(_Table(columns, right_aligned, wrapped_header, [wrap(row, "Helvetica") for row in rows]))

    def page_break(self) -> None:
        """Start a new page (nothing happens on a page that is still empty)."""
        self._blocks.append(_PageBreak())

    def render(self) -> bytes:
        """The complete PDF file."""
        pages = _Layout(self._blocks).run()
        total = len(pages)
        streams: list[bytes] = []
        for number, operators in enumerate(pages, start=1):
            footer = f"Page {number} of {total}"
            x = (PAGE_WIDTH - text_width(footer, _FOOTER.font, _FOOTER.size)) / 2
            escaped = _escape(footer.encode("cp1252"))
            footer_operators = (
                f"q 0.35 g BT /F1 {_num(_FOOTER.size)} Tf {_num(x)} {_num(MARGIN / 2)} Td (".encode()
                + escaped
                + b") Tj ET Q"
            )
            streams.append(b"\n".join([*operators, footer_operators]) + b"\n")
        return self._serialize(streams)

    def _serialize(self, streams: list[bytes]) -> bytes:
        # Objects: 1 catalog, 2 page tree, 3 and 4 fonts, 5 Info, then each page followed by its content.
        page_numbers = [6 + 2 * index for index in range(len(streams))]
        kids = " ".join(f"{number} 0 R" for number in page_numbers)
        created = datetime.now(UTC).strftime("D:%Y%m%d%H%M%SZ")
        objects: list[bytes] = [
            b"<< /Type /Catalog /Pages 2 0 R /Lang (en-GB) /ViewerPreferences << /DisplayDocTitle true >> >>",
            f"<< /Type /Pages /Kids [{kids}] /Count {len(streams)} >>".encode(),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
            b"<< /Title "
            + _text_string(self.title)
            + b" /Author "
            + _text_string(self.author)
            + b" /Producer (Onramp) /Creator (Onramp) /CreationDate ("
            + created.encode()
            + b") >>",
        ]
        media_box = f"[0 0 {_num(PAGE_WIDTH)} {_num(PAGE_HEIGHT)}]"
        for page_number, stream in zip(page_numbers, streams, strict=True):
            objects.append(
                f"<< /Type /Page /Parent 2 0 R /MediaBox {media_box} "
                f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {page_number + 1} 0 R >>".encode()
            )
            data = zlib.compress(stream, 9)
            objects.append(f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode() + data + b"\nendstream")

        # The header's second line is a comment of bytes above 127, telling tools the file is binary.
        output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets: list[int] = []
        for number, body in enumerate(objects, start=1):
            offsets.append(len(output))
            output += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
        xref_offset = len(output)
        output += f"xref\n0 {len(objects) + 1}\n".encode()
        output += b"0000000000 65535 f \n"  # each entry is exactly 20 bytes, ending in space and newline
        for offset in offsets:
            output += f"{offset:010d} 00000 n \n".encode()
        file_id = hashlib.md5(bytes(output), usedforsecurity=False).hexdigest().upper()
        output += (
            f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 5 0 R /ID [<{file_id}> <{file_id}>] >>\n"
            f"startxref\n{xref_offset}\n%%EOF\n"
        ).encode()
        return bytes(output)
