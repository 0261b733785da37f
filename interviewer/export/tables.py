"""Spreadsheet writers shared by the coding sheets and the matrix: CSV and Excel (.xlsx).

CSV: UTF-8 **with** a byte-order mark (Excel reads UTF-8 without one as a legacy code page and
garbles é, emoji and CJK; LibreOffice, R's readr and Python's `utf-8-sig` all skip it), CRLF
row ends and minimal quoting per RFC 4180, so quotes, commas and line breaks inside answers are
safe. A cell that begins with = + - @ or a tab is prefixed with an apostrophe, because Excel
would otherwise run it as a formula (OWASP "CSV injection"); the .xlsx keeps such text as-is,
stored as a string, never a formula.

XLSX: bold header row, frozen, with an autofilter over the table; wrapped text and sensible
widths; an Excel cell holds at most 32,767 characters, so longer text is cut with a marker.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from interviewer.export.common import clean_text

FORMULA_START = ("=", "+", "-", "@", "\t")
EXCEL_CELL_LIMIT = 32767
CUT_MARK = " […cut: longer than an Excel cell]"


def csv_bytes(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """A CSV file (UTF-8 with BOM, CRLF) with a header row."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    text = clean_text(str(value))
    return "'" + text if text.startswith(FORMULA_START) else text


def xlsx_bytes(
    sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[object]], dict[str, float]]],
) -> bytes:
    """An .xlsx workbook: one (title, columns, rows, {column: width}) per sheet."""
    from openpyxl import Workbook

    # Write-only mode streams rows: time and memory stay linear in the number of rows.
    book = Workbook(write_only=True)
    for title, columns, rows, widths in sheets:
        _sheet(book.create_sheet(title=title[:31]), columns, rows, widths)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet(ws, columns: Sequence[str], rows: Sequence[Sequence[object]], widths: dict[str, float]) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    for i, name in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(name, max(10, len(name) + 2))
    ws.freeze_panes = "A2"
    last = get_column_letter(max(1, len(columns)))
    ws.auto_filter.ref = f"A1:{last}{max(1, len(rows) + 1)}"
    bold = Font(bold=True)
    header = []
    for name in columns:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    wrap_top = _style_of(ws, Alignment(wrap_text=True, vertical="top"))
    top = _style_of(ws, Alignment(vertical="top"))
    styles = [wrap_top if widths.get(name, 0) >= 30 else top for name in columns]
    for values in rows:
        ws.append([_xlsx_cell(ws, value, style) for value, style in zip(values, styles)])


def _style_of(ws, alignment):
    """The style array of a cell with this alignment, to share: setting it cell by cell hashes every time."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws)
    cell.alignment = alignment
    return cell._style


def _xlsx_cell(ws, value: object, style):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=_xlsx_value(value))
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"  # text that looks like a formula stays text
    cell._style = style  # shared safely: a write-only row is serialised as soon as it is appended
    return cell


def _xlsx_value(value: object) -> object:
    if value is None or isinstance(value, (int, float)):
        return value
    text = clean_text(str(value))
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - len(CUT_MARK)] + CUT_MARK
    return text
