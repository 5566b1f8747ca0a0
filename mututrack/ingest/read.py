"""File bytes -> a table of text cells, with what was understood (format, encoding, separator).

CSV with ``,`` ``;`` or tab; UTF-8 with or without BOM, UTF-16 (Excel's "Unicode text"),
Windows-1252; quoted fields with line breaks; ``.xlsx`` (first sheet). Every cell stays text here
(trimmed; empty = ""); rows that are wholly empty are dropped, and each kept row remembers its
number as a spreadsheet shows it (the header is row 1). Files that are not tables, and text that
went through the wrong encoding on the way (Mac Roman "franÁaise", double-encoded UTF-8
"franÃ§aise"), are refused with an explanation rather than imported as garbage.

Why not a statistical detector (charset-normalizer 3.4): over 74 French CSVs (the demo's samples,
the templates, 60 short rosters with accented names) each saved in UTF-8, UTF-8 with BOM,
Windows-1252, Latin-1, Mac Roman and UTF-16 (04/12/2026), the rules here read every UTF-8, UTF-16,
Windows-1252 and Latin-1 file right and refuse all 74 Mac Roman files naming the encoding to choose;
charset-normalizer read 33 of 74 Windows-1252 files right (38 taken for Central European cp1250),
64 of 74 Mac Roman files, and took 50 times as long.
"""

from __future__ import annotations

import dataclasses
import io
import re
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from mututrack.ingest import limits, xlsx
from mututrack.ingest.limits import MAX_BYTES
from mututrack.ingest.problems import IngestError, Problem, error

__all__ = ["Table", "read", "MAX_BYTES"]

SEPARATORS = (",", ";", "\t")
SEPARATOR_NAMES = {",": "virgule / comma", ";": "point-virgule / semicolon", "\t": "tabulation / tab"}
SIGNATURES = {  # magic numbers of files people upload by mistake
    b"%PDF": "pdf",
    b"\xd0\xcf\x11\xe0": "xls",
    b"\x89PNG": "image",
    b"\xff\xd8\xff": "image",
    b"GIF8": "image",
    b"\x1f\x8b": "archive",
    b"Rar!": "archive",
    b"7z\xbc\xaf": "archive",
}
# Mac Roman read as Latin-1 turns French letters into capitals inside words (ç -> Á, é -> È, è -> Ë,
# à -> ‡, ê -> Í, ô -> Ù); UTF-8 read as Windows-1252 gives "Ã©", "Ã¨", "Ã§".
MAC_ROMAN = re.compile(r"[a-z][ÁÈË‡ÍÙÎÏ‰Û][a-z]")
DOUBLE_UTF8 = re.compile(
    r"Ã[\u00a0-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u017d\u02c6\u02dc\u20ac]|Â[\u00a0-\u00bf]"
)
# A Mac Roman file read as Windows-1252 turns é into Ž, à into ˆ, â into ‰, ô into ™, î into ”, and
# ç, è, ê, ù (bytes Windows-1252 leaves undefined) into control characters: "dŽcision", "fran\x8daise".
# None of these belongs inside a French word (ž is left out: it does, in Slavic names), nor Ž or ‰
# at a word's end ("PropretŽ", "ThŽ‰tre"), nor ˆ standing alone (the preposition "à"), nor ƒ
# starting one (É: "ƒcoles").
MAC_ROMAN_READ_AS_1252 = re.compile(
    r"[A-Za-z][Žˆ‰™”\x80-\x9f]+[A-Za-z]|[A-Za-z][Ž‰\x80-\x9f]+(?![A-Za-z0-9])|(?<![^\s;,\"'])ˆ(?![^\s;,\"'])"
    r"|(?<![A-Za-z])ƒ[a-z]"
)
# Every damaged spelling above holds one of these letters: a text without any cannot be damaged.
MOJIBAKE_LETTERS = "ÁÈË‡ÍÙÎÏ‰ÛÃÂŽˆ™”ƒ"
CONTROLS = re.compile(r"[\x80-\x9f]")
WORD_ENDS = " \t\r\n;,\"'"
QUOTED = re.compile(r'"(?:[^"]|"")*"')
# Arrow parses 1 MB blocks on every core (one 16 MB block took twice as long); a row longer than a
# block, or a quote left open, makes it read the file again as one block.
BLOCK = 1 << 20


@dataclass
class Table:
    """The cells of a file as text: ``arrow`` has one string column per header, ``c0``, ``c1``, ..."""

    headers: list[str]
    arrow: pa.Table
    row_numbers: np.ndarray
    file_format: str  # csv | xlsx
    encoding: str | None = None
    separator: str | None = None

    @property
    def rows(self) -> int:
        return self.arrow.num_rows

    def column(self, index: int) -> pa.Array:
        return (
            self.arrow.column(index).chunk(0)
            if self.arrow.column(index).num_chunks == 1
            else self.arrow.column(index).combine_chunks()
        )


def read(data: bytes, file_name: str = "") -> Table:
    """Parse ``data`` into a :class:`Table`; raises :class:`IngestError` with every reason it cannot,
    each able to name the file (its ``file`` parameter)."""
    try:
        return _read(data, file_name)
    except IngestError as refused:
        raise IngestError([_naming(problem, file_name) for problem in refused.problems]) from None


def _naming(problem: Problem, file_name: str) -> Problem:
    """``problem`` with the file's name among its parameters (messages about the whole file say it)."""
    if "file" in problem.params:
        return problem
    return dataclasses.replace(problem, params={**problem.params, "file": file_name or "?"})


def _read(data: bytes, file_name: str) -> Table:
    if not data.strip():
        raise IngestError([error("empty_file")])
    if len(data) > MAX_BYTES:
        raise IngestError([error("too_big", size=len(data) // 2**20, limit=MAX_BYTES // 2**20)])
    if data.startswith(b"PK\x03\x04"):
        return _finish(*_read_xlsx(data, file_name), "xlsx", file_name)
    for magic, what in SIGNATURES.items():
        if data.startswith(magic):
            raise IngestError([error(f"not_a_table_{what}" if what == "xls" else "not_a_table", what=what)])
    text, encoding = _decode(data)
    _refuse_mojibake(text)
    separator = sniff_separator(text)
    headers, arrow = _parse_csv(text, encoding, data, separator)
    table = _finish(headers, arrow, None, "csv", file_name)
    table.encoding, table.separator = encoding, separator
    return table


def _decode(data: bytes) -> tuple[str, str]:
    text, encoding = _decoded(data)
    position = text.find("\x00")
    # a NUL anywhere, after a BOM too: Arrow would keep it in a cell, DuckDB cut the text there
    if position >= 0:
        raise IngestError([error("nul_character", row=text.count("\n", 0, position) + 1)])
    return text, encoding


def _decoded(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16"), "utf-16"
    # a program, an image, or UTF-16 without its BOM; a NUL further on is said above
    if b"\x00" in data[:4096]:
        raise IngestError([error("not_a_table", what="binary")])
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), "windows-1252" if encoding == "cp1252" else encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "iso-8859-1"


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as reason:
        raise IngestError([error("bad_encoding", encoding=encoding, position=reason.start)]) from None


def _refuse_mojibake(text: str) -> None:
    sample = text[:1_000_000]
    # ~50x faster than the patterns
    if not any(letter in sample for letter in MOJIBAKE_LETTERS) and not CONTROLS.search(sample):
        return
    found = MAC_ROMAN_READ_AS_1252.search(sample)
    if found:
        word = _word_at(sample, found)
        raise IngestError([
            error("mojibake_macroman_file", damaged=CONTROLS.sub("?", word), repaired=_as_mac_roman(word))
        ])
    for pattern, code in ((MAC_ROMAN, "mojibake_macroman"), (DOUBLE_UTF8, "mojibake_double")):
        found = pattern.search(sample)
        if found:
            raise IngestError([error(code, value=_around(sample, found))])


def _around(sample: str, found: re.Match) -> str:
    """The damaged spelling and a few characters either side, as the message quotes it."""
    return sample[max(found.start() - 12, 0) : found.end() + 12].strip()


def _word_at(sample: str, found: re.Match) -> str:
    """The word holding the damaged letter (up to 30 characters either side)."""
    start, end = found.start(), found.end()
    while start > 0 and found.start() - start < 30 and sample[start - 1] not in WORD_ENDS:
        start -= 1
    while end < len(sample) and end - found.end() < 30 and sample[end] not in WORD_ENDS:
        end += 1
    return sample[start:end]


def _as_mac_roman(damaged: str) -> str:
    """``damaged`` read again from its bytes as Mac Roman: what the file meant ("dŽcision" -> "décision")."""
    raw = b"".join(bytes([ord(c)]) if ord(c) < 256 else c.encode("cp1252", "replace") for c in damaged)
    return raw.decode("mac_roman", "replace").replace("\x00", "")


def sniff_separator(text: str) -> str:
    """The separator of a CSV text: the candidate found the same number of times on the most lines."""
    sample = QUOTED.sub("", text[:65536])
    lines = [line for line in sample.splitlines()[:30] if line.strip()]
    if not lines:
        return ","

    def score(sep: str) -> tuple[int, int]:
        counts = [line.count(sep) for line in lines]
        if counts[0] == 0:
            return (0, 0)
        return (sum(c == counts[0] for c in counts), counts[0])

    best = max(SEPARATORS, key=score)
    return best if score(best)[1] else ","


def _parse_csv(text: str, encoding: str, data: bytes, separator: str) -> tuple[list[str], pa.Table]:
    raw = data[3:] if encoding == "utf-8-sig" else data if encoding == "utf-8" else text.encode("utf-8")
    width = _header_width(text, separator)
    try:
        arrow, bad = _arrow_csv(raw, separator, width, BLOCK)
    except pa.ArrowInvalid as reason:
        if "straddl" not in str(reason):
            raise IngestError([error("not_parsable", detail=str(reason).splitlines()[0][:200])]) from None
        # a row longer than a block, or a quote left open: read again as one block, so that such a
        # file gives what it gave before (its rows, or the row whose width is wrong)
        try:
            arrow, bad = _arrow_csv(raw, separator, width, len(raw) + 1)
        except (pa.ArrowInvalid, pa.ArrowTypeError) as again:
            raise IngestError([error("not_parsable", detail=str(again).splitlines()[0][:200])]) from None
    except pa.ArrowTypeError as reason:
        raise IngestError([error("not_parsable", detail=str(reason).splitlines()[0][:200])]) from None
    if bad:
        if any(row.number is None for row in bad):  # Arrow numbers rows only when it reads on one thread
            bad = _arrow_csv(raw, separator, width, len(raw) + 1, threads=False)[1]
        raise IngestError([
            error("bad_row_width", row=row.number, got=row.actual_columns, expected=row.expected_columns)
            for row in bad[:200]
        ])
    # every column as text, even one whose type Arrow had to guess (the header row was narrower)
    arrow = pa.table(
        [c if c.type == pa.string() else c.cast(pa.string()).fill_null("") for c in arrow.columns],
        names=arrow.column_names,
    )
    headers = [str(v or "") for v in arrow.slice(0, 1).to_pylist()[0].values()] if arrow.num_rows else []
    return headers, arrow.slice(1)


def _arrow_csv(
    raw: bytes, separator: str, width: int, block: int, *, threads: bool = True
) -> tuple[pa.Table, list[pcsv.InvalidRow]]:
    """Arrow's reading of the CSV bytes, every column as text, and the rows whose width was wrong
    (numbered as lines of the file only when ``threads`` is False)."""
    bad: list[pcsv.InvalidRow] = []

    def on_invalid(row: pcsv.InvalidRow) -> str:
        bad.append(row)
        return "skip"

    arrow = pcsv.read_csv(
        io.BytesIO(raw),
        read_options=pcsv.ReadOptions(autogenerate_column_names=True, block_size=block, use_threads=threads),
        parse_options=pcsv.ParseOptions(
            delimiter=separator, newlines_in_values=True, invalid_row_handler=on_invalid
        ),
        convert_options=pcsv.ConvertOptions(
            column_types={f"f{i}": pa.string() for i in range(width)},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    return arrow, bad


def _header_width(text: str, separator: str) -> int:
    import csv

    line_end = text.find("\n")
    # a quoted header may span lines
    head = text[: line_end + 1] if line_end >= 0 and '"' not in text[:line_end] else text[:1_000_000]
    try:
        return len(next(csv.reader(io.StringIO(head), delimiter=separator)))
    except (StopIteration, csv.Error):
        return 1


def _read_xlsx(data: bytes, file_name: str) -> tuple[list[str], pa.Table, np.ndarray]:
    rows = xlsx.rows(data, file_name)
    if not rows:
        raise IngestError([error("empty_file")])
    (_, headers), body = rows[0], rows[1:]
    width = max(i + 1 for i, h in enumerate(headers) if h) if any(headers) else len(headers)
    columns = {f"f{i}": [cells[i] if i < len(cells) else "" for _, cells in body] for i in range(width)}
    arrow = pa.table({k: pa.array(v, pa.string()) for k, v in columns.items()})
    return headers[:width], arrow, np.array([n for n, _ in body], dtype=np.int64)


def _finish(
    headers: list[str], arrow: pa.Table, row_numbers: np.ndarray | None, file_format: str, file_name: str
) -> Table:
    """Drop wholly empty rows and number the others as a spreadsheet does (header = row 1).

    Cells are not trimmed here: each step trims what it reads (``trimmed``), and answer labels are
    normalised anyway, so a wide survey does not pay for trimming every cell.
    """
    if not headers or not any(h.strip() for h in headers):
        raise IngestError([error("empty_file")])
    arrow = arrow.combine_chunks().rename_columns([f"c{i}" for i in range(arrow.num_columns)])
    if row_numbers is None:
        row_numbers = np.arange(2, arrow.num_rows + 2, dtype=np.int64)
    empty = _empty_rows(arrow)
    if len(empty):
        keep = np.ones(arrow.num_rows, dtype=bool)
        keep[empty] = False
        arrow, row_numbers = arrow.filter(pa.array(keep)), row_numbers[keep]
    if arrow.num_rows == 0:
        raise IngestError([error("no_rows")])
    limits.check_shape(arrow.num_rows, arrow.num_columns, file_name)
    limits.check_cells(arrow, headers, row_numbers, file_name)
    return Table([h.strip() for h in headers], arrow.combine_chunks(), row_numbers, file_format)


def _empty_rows(arrow: pa.Table) -> np.ndarray:
    """Positions of the rows whose every cell is blank: narrowed column by column (usually none survive
    the first)."""
    candidates = np.arange(arrow.num_rows)
    for i in range(arrow.num_columns):
        if not len(candidates):
            break
        cells = pc.utf8_trim_whitespace(arrow.column(i).take(pa.array(candidates)))
        candidates = candidates[pc.fill_null(pc.equal(cells, ""), True).to_numpy(zero_copy_only=False)]
    return candidates


def trimmed(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    """The cells without their surrounding spaces."""
    return pc.utf8_trim_whitespace(column)
