"""Tables as CSV or XLSX downloads that open cleanly in Excel.

CSV is UTF-8 with a byte-order mark (without it Excel reads accents as mojibake); XLSX
is written by openpyxl. In both, a text that starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return is prefixed with an apostrophe, so that a name like ``=HYPERLINK(...)``
stays text instead of becoming a formula (CSV injection). Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
#: Written first in every CSV file, so that Excel reads it as UTF-8.
BOM = "\ufeff"


def neutralise(value: Any) -> Any:
    """The cell as it can safely be written: numbers and dates as they are, text defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float, Decimal, date, datetime)):
        return value
    text = str(value)
    if text.startswith(_DANGEROUS):
        return "'" + text
    return text


def csv_cells(row: Iterable[Any]) -> list[Any]:
    """One CSV row as it can safely be written (see ``neutralise``)."""
    return [_csv_value(neutralise(v)) for v in row]


def table_bytes(fmt: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([neutralise(h) for h in headers])
        for row in rows:
            writer.writerow(csv_cells(row))
        return (BOM + buffer.getvalue()).encode("utf-8")
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append([neutralise(h) for h in headers])
        for row in rows:
            sheet.append([_xlsx_value(neutralise(v)) for v in row])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    raise ValueError(f"Unknown export format: {fmt}")


def _csv_value(value: Any) -> Any:
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones; UTC as stored
    return value


def table_response(
    fmt: str, filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    response = HttpResponse(table_bytes(fmt, headers, rows), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
