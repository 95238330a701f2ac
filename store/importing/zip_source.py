"""Reading the data file inside a ``.zip``, never unpacking it by name.

The first member with a ``.csv``, ``.txt``, ``.xls`` or ``.xlsx`` name that is not a
directory, not a dot-file (any path component starting with ``.``, which also rules out
``../`` zip-slip names) and not under ``__MACOSX/`` is read; the others are ignored and
the user is told. The member is streamed through :class:`BoundedReader`, which refuses
it as soon as it expands past the bound (a zip bomb); a workbook member is copied to a
temporary file with a generated name, through the same bound.

The bound is checked against the bytes the member really inflates to, never against the
size its headers declare: ``zipfile`` would stop at the declared size (and a header that
declares a small size with the checksum of that prefix would pass a bomb off as a small
file), so the member is opened as if it declared one byte more than the bound, and its
checksum is checked here, over every byte read.
"""

from __future__ import annotations

import copy
import io
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from .encoding import ByteOpener
from .errors import FileRefused
from .streams import BoundedReader

DATA_KINDS = ("csv", "txt", "xls", "xlsx")
AES_METHOD = 99
LISTED_NAMES = 10


@dataclass(frozen=True)
class Member:
    """The member of a zip that will be read."""

    info: zipfile.ZipInfo
    kind: str
    notes: list[str]


def choose_member(archive: zipfile.ZipFile, max_uncompressed: int) -> Member:
    """The first data member of ``archive``, checked for encryption and declared size.

    Raises:
        FileRefused: ``unsupported-format`` (no data member), ``encrypted``, ``too-large``
            (declared past ``max_uncompressed``) or ``empty``.
    """
    files = [info for info in archive.infolist() if not info.is_dir()]
    chosen = next((info for info in files if member_kind(info.filename)), None)
    if chosen is None:
        names = ", ".join(info.filename for info in files[:LISTED_NAMES]) or "nothing"
        more = f" and {len(files) - LISTED_NAMES} more" if len(files) > LISTED_NAMES else ""
        raise FileRefused(
            "unsupported-format",
            f"The zip holds no .csv, .txt, .xls or .xlsx file (it holds {names}{more}): "
            "put the data file in the zip, or import it directly.",
        )
    name = chosen.filename
    if chosen.flag_bits & 0x1 or chosen.compress_type == AES_METHOD:
        raise FileRefused(
            "encrypted",
            f"The zip is password-protected ({name} is encrypted): make a zip without a "
            "password, or import the file itself.",
        )
    if chosen.file_size > max_uncompressed:
        raise FileRefused("too-large", too_large_message(max_uncompressed))
    if chosen.file_size == 0:
        raise FileRefused("empty", f"The file {name} in the zip is empty: there is no data.")
    others = len(files) - 1
    notes = []
    if others:
        plural = "file" if others == 1 else "files"
        notes.append(f"The zip holds {others} more {plural}; only {name} was imported.")
    return Member(chosen, member_kind(name) or "", notes)


def member_kind(name: str) -> str | None:
    """``csv``/``txt``/``xls``/``xlsx`` for a data member's name, else ``None``."""
    path = PurePosixPath(name.replace("\\", "/"))
    if path.parts[:1] == ("__MACOSX",) or any(part.startswith(".") for part in path.parts):
        return None
    kind = path.suffix.lower().lstrip(".")
    return kind if kind in DATA_KINDS else None


def too_large_message(limit: int) -> str:
    """The refusal for a zip that expands past ``limit`` bytes."""
    return (
        f"The zip expands to more than {limit:,} bytes, the limit for an import: split the "
        "data into smaller files."
    )


def member_opener(archive: zipfile.ZipFile, member: Member, limit: int) -> ByteOpener:
    """Opens the member's bytes, refusing it once it expands past ``limit``."""

    def too_large() -> FileRefused:
        return FileRefused("too-large", too_large_message(limit))

    def opener() -> io.BufferedReader:
        # zipfile reads a member up to its declared size and checks the CRC there; declare
        # one byte past the bound and no CRC instead, so the real length meets the bound.
        info = copy.copy(member.info)
        info.file_size, info.CRC = limit + 1, None  # type: ignore[assignment]
        reader = _MemberReader(_open_member(archive, info), limit, too_large, member.info.CRC)
        return io.BufferedReader(reader, buffer_size=1 << 16)

    return opener


def extract_member(archive: zipfile.ZipFile, member: Member, limit: int, stack: ExitStack) -> Path:
    """Copy the member to a temporary file with a generated name; removed by ``stack``."""
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="profiles-import-")))
    target = folder / f"member.{member.kind}"
    with member_opener(archive, member, limit)() as source, target.open("wb") as sink:
        shutil.copyfileobj(source, sink, 1 << 20)
    return target


class _MemberReader(BoundedReader):
    """A member stream that checks the member's CRC at its end; zip errors become refusals."""

    def __init__(self, inner: IO[bytes], limit: int, on_exceed: Callable[[], Exception], crc: int) -> None:
        super().__init__(inner, limit, on_exceed)
        self._expected_crc = crc
        self._crc = 0

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        """Read, turning a bad CRC or broken compressed data into ``corrupt``."""
        try:
            count = super().readinto(buffer)
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise FileRefused("corrupt", "The zip is damaged: its data cannot be read.") from exc
        if count:
            self._crc = zlib.crc32(memoryview(buffer)[:count], self._crc)
        elif len(buffer) and self._crc != self._expected_crc:
            raise FileRefused("corrupt", "The zip is damaged: its data does not match its checksum.")
        return count


def _open_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> IO[bytes]:
    try:
        return archive.open(info)
    except NotImplementedError as exc:  # zipfile's word for an unknown compression method
        raise FileRefused(
            "unsupported-format",
            "The zip uses a compression method this program cannot read: make it again with "
            "ordinary (deflate) compression.",
        ) from exc
    except RuntimeError as exc:
        raise FileRefused("encrypted", "The zip is password-protected.") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise FileRefused("corrupt", "The zip is damaged: its data cannot be read.") from exc
