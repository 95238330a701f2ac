"""Choosing the text encoding of a CSV/TXT file, strictly.

The order: the caller's ``encoding``; else a byte-order mark (UTF-8, UTF-16, UTF-32);
else UTF-8 when every byte decodes; else charset-normalizer, but only when it is sure:
its best guess is clean and every candidate it found decodes the bytes to the same text
(cp1250 and cp1252 agree on German, not on French). Otherwise the file is
refused and the user asked for the encoding. There is never a silent latin-1/cp1252
fallback: a byte that does not decode is reported, not replaced.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

import charset_normalizer

from .errors import FileRefused

ByteOpener = Callable[[], BinaryIO]
"""Opens the file's bytes from the start; the caller closes what it returns."""

CHUNK_BYTES = 1 << 20
DETECTOR_SAMPLE_BYTES = 16 << 20
"""How much of a non-UTF-8 file charset-normalizer sees."""
MAX_CHAOS = 0.05
"""The detector's best guess must have no more 'mess' than this."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
ENCODING_EXAMPLES = "cp1252, latin-1, big5, shift_jis, iso-8859-7"


@dataclass(frozen=True)
class EncodingChoice:
    """The codec to read a text file with.

    Attributes:
        codec: a Python codec name, e.g. ``utf-8``, ``utf-8-sig``, ``utf-16``, ``cp1252``.
        detected: chosen by the detector (the user should be told which it is).
        bad_offset: the offset of the first byte that does not decode with ``codec``,
            or ``None`` when the whole file decodes.
    """

    codec: str
    detected: bool
    bad_offset: int | None


def choose_encoding(opener: ByteOpener, given: str | None) -> EncodingChoice:
    """Choose the codec for the bytes ``opener`` gives (see the module docstring).

    Raises:
        FileRefused: ``encoding`` when ``given`` is not a known codec, or when no
            encoding was given, the bytes are not UTF-8 and the detector is not sure.
    """
    with opener() as stream:
        head = stream.read(4096)
    bom_codec = next((codec for bom, codec in _BOMS if head.startswith(bom)), None)
    if given is not None:
        try:
            "".encode(given)  # unknown names and non-text codecs (hex, zlib) raise LookupError
            name = codecs.lookup(given).name
        except LookupError:
            raise FileRefused(
                "encoding",
                f"'{given}' is not an encoding this program knows: choose a Python codec "
                f"name, for example {ENCODING_EXAMPLES}.",
            ) from None
        codec = "utf-8-sig" if name == "utf-8" and bom_codec == "utf-8-sig" else given
        return EncodingChoice(codec, False, first_bad_offset(opener, codec))
    if bom_codec is not None:
        return EncodingChoice(bom_codec, False, first_bad_offset(opener, bom_codec))
    if head.count(0) * 4 >= len(head):
        # UTF-16 without a BOM is also valid UTF-8, full of NULs: ask the detector first.
        guess = _confident_guess(opener)
        if guess is not None and guess.startswith("utf_16"):
            return EncodingChoice(guess, True, first_bad_offset(opener, guess))
    if first_bad_offset(opener, "utf-8") is None:
        return EncodingChoice("utf-8", False, None)
    guess = _confident_guess(opener)
    if guess is None:
        raise FileRefused(
            "encoding",
            "The file is not UTF-8 and its encoding cannot be recognised with confidence: "
            f"import it again with its encoding (for example {ENCODING_EXAMPLES}).",
        )
    return EncodingChoice(guess, True, first_bad_offset(opener, guess))


def first_bad_offset(opener: ByteOpener, codec: str) -> int | None:
    """The offset of the first byte that ``codec`` cannot decode, or ``None``.

    Streams the whole file in chunks, so a 1 GiB zip member is checked in little memory.
    """
    skip = 0
    if codecs.lookup(codec).name == "utf-8-sig":
        # utf-8-sig reports positions after its BOM (when there is one); decode the rest
        # as plain UTF-8.
        with opener() as stream:
            has_bom = stream.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8
        codec, skip = "utf-8", len(codecs.BOM_UTF8) if has_bom else 0
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    consumed = skip
    with opener() as stream:
        stream.read(skip)
        while True:
            chunk = stream.read(CHUNK_BYTES)
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                return consumed - pending + exc.start
            except UnicodeError:  # e.g. utf-16 asked for, and the bytes have no byte-order mark
                return consumed - pending
            if not chunk:
                return None
            consumed += len(chunk)


def _confident_guess(opener: ByteOpener) -> str | None:
    """charset-normalizer's best codec when it is clean and every candidate agrees."""
    with opener() as stream:
        sample = stream.read(DETECTOR_SAMPLE_BYTES)
        if stream.read(1):
            # Cut at a line end so a multi-byte character is not split.
            sample = sample[: sample.rfind(b"\n") + 1] or sample
    matches = charset_normalizer.from_bytes(sample)
    best = matches.best()
    if best is None or best.chaos > MAX_CHAOS:
        return None
    text = str(best)
    if any(str(match) != text for match in matches):
        return None
    return best.encoding
