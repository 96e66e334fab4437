"""Reading uploaded files: CSV (';' or ',', UTF-8 with or without BOM, or Windows-1252) and XLSX.

Rows come out one by one as (line number, {header: value}), so a large file is never held in
memory as rows. Problems with the file as a whole raise ImportFileError with a plain Dutch message.
"""

import codecs
import csv
import io
from collections.abc import Iterable, Iterator

XLSX_MAGIC = b"PK\x03\x04"
MAX_CELL = 2000


class ImportFileError(ValueError):
    pass


class ChunkStream(io.RawIOBase):
    """A read-only byte stream over the file's stored pieces."""

    def __init__(self, chunks: Iterable[bytes]):
        self._chunks = iter(chunks)
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        while not self._buffer:
            try:
                self._buffer = bytes(next(self._chunks))
            except StopIteration:
                return 0
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size


def sniff_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        # A multi-byte character may be cut at the end of the sample: ignore only that tail.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    delimiter = max(counts, key=counts.get)
    if counts[delimiter] == 0:
        raise ImportFileError(
            "De eerste regel heeft geen kolommen gescheiden door ; of , — is dit een CSV-bestand met kopregel?"
        )
    return delimiter


def _clean_header(name) -> str:
    return str(name or "").strip().lower()


def read_rows(
    head: bytes, chunks: Iterable[bytes], *, json_rows=None
) -> Iterator[tuple[int, list | None, str | None]]:
    """Rows of a CSV or XLSX file as (line, values, problem).

    The first item is (0, header names in lower case, None). A row that cannot be a row (wrong
    number of columns) comes as (line, None, reason).
    """
    if not head.strip():
        raise ImportFileError("Het bestand is leeg.")
    if json_rows is not None and head.lstrip(codecs.BOM_UTF8 + b" \t\r\n")[:1] in (b"{", b"["):
        # A kind that accepts JSON (the DDAS early-warning delivery) reads it itself.
        yield from json_rows(b"".join(bytes(c) for c in chunks))
        return
    if head.startswith(XLSX_MAGIC):
        yield from _read_xlsx(b"".join(bytes(c) for c in chunks))
        return
    if b"\x00" in head[:4096]:
        raise ImportFileError("Dit is geen CSV- of Excel-bestand (het bevat binaire gegevens).")
    encoding = sniff_encoding(head)
    text = io.TextIOWrapper(
        io.BufferedReader(ChunkStream(chunks), buffer_size=1 << 20), encoding=encoding, newline=""
    )
    try:
        first = text.readline()
        delimiter = sniff_delimiter(first)
        header = [_clean_header(h) for h in next(csv.reader([first], delimiter=delimiter))]
        if len(set(header)) != len(header):
            raise ImportFileError("De kopregel noemt een kolom twee keer.")
        yield 0, header, None
        reader = csv.reader(text, delimiter=delimiter)
        width = len(header)
        for index, values in enumerate(reader, start=2):
            if len(values) != width:
                if not values or not any(v.strip() for v in values):
                    continue
                reason = f"Deze regel heeft {len(values)} kolommen, de kopregel {width}."
                yield index, None, reason
                continue
            if any(values):  # a line of only separators, as spreadsheets leave at the end
                yield index, values, None
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            "Het bestand bevat tekens die niet te lezen zijn. Sla het op als UTF-8 of Windows-1252."
        ) from exc
    except csv.Error as exc:
        raise ImportFileError(f"Het bestand is geen geldig CSV-bestand: {exc}.") from exc


def _read_xlsx(data: bytes) -> Iterator[tuple[int, list | None, str | None]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ImportFileError(
            "Het Excel-bestand kan niet worden gelezen. Is het beschadigd?"
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        try:
            header = [_clean_header(h) for h in next(rows)]
        except StopIteration:
            raise ImportFileError("Het bestand is leeg.") from None
        while header and not header[-1]:
            header.pop()
        yield 0, header, None
        for index, values in enumerate(rows, start=2):
            values = list(values)[: len(header)]
            if not any(v not in (None, "") for v in values):
                continue
            values += [None] * (len(header) - len(values))
            yield index, ["" if v is None else v for v in values], None
    finally:
        workbook.close()
