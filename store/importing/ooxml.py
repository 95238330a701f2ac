"""Checks on an XLSX package before any spreadsheet library parses it.

An ``.xlsx`` is a zip of XML parts. Before calamine or openpyxl sees one, this module
refuses what must not be parsed or cannot be read right: a package without
``[Content_Types].xml``, parts whose declared sizes add up past the bound (a zip bomb),
XML with a DTD (entity-expansion bombs such as "billion laughs"; real Excel files never
have one) and Strict OOXML. It finds the first *worksheet* (chartsheets are skipped)
from ``workbook.xml`` and its relationships, read with defusedxml.

It also counts the shared strings, so that the worksheet's scan (:mod:`sheet_scan`) can
refuse a cell that points outside them.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring, iterparse

from .errors import FileRefused

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
PROLOG_BYTES = 64 << 10
MAX_PARSED_PART_BYTES = 64 << 20
SCAN_CHUNK_BYTES = 4 << 20

_ROOT_TAG = re.compile(rb"<[A-Za-z_]")
_SHARED_STRING = re.compile(rb"<(?:[\w.-]+:)?si[\s/>]")
# What zipfile raises on a damaged or unreadable package (NotImplementedError: a compression
# method it does not know; RuntimeError: an encrypted member); each becomes a refusal.
ZIP_ERRORS = (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, zlib.error)

CORRUPT = (
    "The workbook is damaged or is not a real Excel workbook, so it cannot be read: open it "
    "in a spreadsheet program and save it again as XLSX, or export it as CSV."
)


@dataclass(frozen=True)
class WorksheetPart:
    """The first worksheet of a workbook: its name and the zip member of its XML."""

    name: str
    part: str
    verify_parts: tuple[str, ...]
    """Other parts the reader will parse (styles)."""
    strings: str | None
    """The shared-strings part, if the workbook has one."""


def inspect_package(archive: zipfile.ZipFile, max_uncompressed: int) -> WorksheetPart | None:
    """Check ``archive`` as an XLSX package and find its first worksheet (None: no sheet).

    Raises:
        FileRefused: ``corrupt`` (no ``[Content_Types].xml``, a DTD, unreadable XML),
            ``too-large`` (parts expand past ``max_uncompressed``) or
            ``unsupported-format`` (Strict OOXML).
    """
    infos = {info.filename: info for info in archive.infolist()}
    if "[Content_Types].xml" not in infos:
        raise FileRefused("corrupt", CORRUPT)
    if sum(info.file_size for info in infos.values()) > max_uncompressed:
        raise FileRefused(
            "too-large",
            f"The workbook expands to more than {max_uncompressed:,} bytes when unpacked: "
            "split it into smaller files or export it as CSV.",
        )
    for info in infos.values():
        if info.filename.lower().endswith((".xml", ".rels", ".vml")):
            _refuse_dtd(archive, info)
    workbook_part = _office_document(archive, infos)
    workbook = _parse(archive, infos, workbook_part)
    if workbook.tag.startswith(f"{{{STRICT_NS}}}"):
        raise FileRefused(
            "unsupported-format",
            "The workbook is saved as 'Strict Open XML Spreadsheet', which this program "
            "cannot read: open it in Excel and save it as 'Excel Workbook (.xlsx)' or as CSV.",
        )
    if workbook.tag != f"{{{MAIN_NS}}}workbook":
        raise FileRefused("corrupt", CORRUPT)
    relations = _relationships(archive, infos, workbook_part)
    verify = tuple(
        target for kind, target in relations.values() if kind.endswith("/styles") and target in infos
    )
    strings = next(
        (
            target
            for kind, target in relations.values()
            if kind.endswith("/sharedStrings") and target in infos
        ),
        None,
    )
    for sheet in workbook.iter(f"{{{MAIN_NS}}}sheet"):
        kind, target = relations.get(sheet.get(f"{{{REL_NS}}}id", ""), ("", ""))
        if kind.endswith("/worksheet"):
            if target not in infos:
                raise FileRefused("corrupt", CORRUPT)
            return WorksheetPart(sheet.get("name", ""), target, verify, strings)
    return None


def verify_parts(archive: zipfile.ZipFile, parts: tuple[str, ...]) -> None:
    """Read ``parts`` through; zipfile bounds each by its declared size and checks its CRC.

    Raises:
        FileRefused: ``corrupt`` when a part does not match its declared size or CRC.
    """
    try:
        for part in parts:
            with archive.open(part) as stream:
                while stream.read(SCAN_CHUNK_BYTES):
                    pass
    except ZIP_ERRORS as exc:
        raise FileRefused("corrupt", CORRUPT) from exc


def count_shared_strings(archive: zipfile.ZipFile, part: str) -> int:
    """How many strings (``<si>``) the shared-strings ``part`` holds, read by streaming.

    A byte count of the tags; a part with comments or CDATA sections (where a ``<si>``
    could be text) is counted by a defusedxml parse instead.

    Raises:
        FileRefused: ``corrupt`` when the part does not parse or does not match its
            declared size or CRC.
    """
    count = 0
    carry = b""
    try:
        with archive.open(part) as stream:
            while True:
                chunk = stream.read(SCAN_CHUNK_BYTES)
                buffer = carry + chunk
                cut = buffer.rfind(b">") + 1 if chunk else len(buffer)
                done, carry = buffer[:cut], buffer[cut:]
                if b"<![CDATA[" in done or b"<!--" in done or len(carry) > SCAN_CHUNK_BYTES:
                    return _parsed_string_count(archive, part)
                count += len(_SHARED_STRING.findall(done))
                if not chunk:
                    return count
    except ZIP_ERRORS as exc:
        raise FileRefused("corrupt", CORRUPT) from exc


def _parsed_string_count(archive: zipfile.ZipFile, part: str) -> int:
    count = 0
    with archive.open(part) as stream:
        try:
            for _, element in iterparse(stream, events=("end",), forbid_dtd=True):
                if element.tag == f"{{{MAIN_NS}}}si":
                    count += 1
                    element.clear()
        except (ParseError, DefusedXmlException) as exc:
            raise FileRefused("corrupt", CORRUPT) from exc
    return count


def _refuse_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse a part whose prolog declares a DTD (or is too long to tell)."""
    try:
        with archive.open(info) as stream:
            head = stream.read(PROLOG_BYTES)
    except ZIP_ERRORS as exc:
        raise FileRefused("corrupt", CORRUPT) from exc
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        head = head.decode("utf-16", "ignore").encode("utf-8")
    root = _ROOT_TAG.search(head)
    prolog = head[: root.start()] if root else head
    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog or (not root and info.file_size > len(head)):
        raise FileRefused(
            "corrupt",
            "The workbook holds XML declarations that real spreadsheet files never use and "
            "that can be used to attack the program reading it, so it was not opened: save "
            "it again from a spreadsheet program, or export it as CSV.",
        )


def _office_document(archive: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo]) -> str:
    """The workbook part named by the package relationships (``xl/workbook.xml``)."""
    if "_rels/.rels" not in infos:
        raise FileRefused("corrupt", CORRUPT)
    root = _parse(archive, infos, "_rels/.rels")
    for rel in root.iter(f"{{{PACKAGE_REL_NS}}}Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            target = _resolve("", rel.get("Target", ""))
            if target in infos:
                return target
    raise FileRefused("corrupt", CORRUPT)


def _relationships(
    archive: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo], source: str
) -> dict[str, tuple[str, str]]:
    """``{id: (type, target part)}`` of the part ``source``."""
    folder, name = posixpath.split(source)
    rels_part = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels_part not in infos:
        return {}
    root = _parse(archive, infos, rels_part)
    return {
        rel.get("Id", ""): (rel.get("Type", ""), _resolve(folder, rel.get("Target", "")))
        for rel in root.iter(f"{{{PACKAGE_REL_NS}}}Relationship")
    }


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))


def _parse(archive: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo], part: str) -> Element:
    """Parse a small part with defusedxml (no DTDs, no entities, no external access)."""
    if infos[part].file_size > MAX_PARSED_PART_BYTES:
        raise FileRefused("corrupt", CORRUPT)
    try:
        return fromstring(archive.read(part), forbid_dtd=True)
    except (ParseError, DefusedXmlException, *ZIP_ERRORS) as exc:
        raise FileRefused("corrupt", CORRUPT) from exc
