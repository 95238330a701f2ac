"""A byte stream that stops, or refuses, after a given number of bytes."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import IO


class BoundedReader(io.RawIOBase):
    """Reads ``inner`` up to ``limit`` bytes.

    With ``on_exceed`` the stream raises what it returns as soon as byte ``limit + 1``
    is read (a zip bomb is refused while it is read); without it the stream just ends
    at ``limit``. Closing it closes ``inner``.
    """

    def __init__(
        self,
        inner: IO[bytes],
        limit: int,
        on_exceed: Callable[[], Exception] | None = None,
    ) -> None:
        super().__init__()
        self._inner = inner
        self._left = limit
        self._on_exceed = on_exceed

    def readable(self) -> bool:
        """Always true: this is a reading stream."""
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        """Fill ``buffer`` from the inner stream, honouring the limit."""
        view = memoryview(buffer)
        if self._left <= 0:
            if self._on_exceed is not None and self._inner.read(1):
                raise self._on_exceed()
            return 0
        data = self._inner.read(min(len(view), self._left))
        self._left -= len(data)
        view[: len(data)] = data
        return len(data)

    def close(self) -> None:
        """Close this stream and the inner one."""
        if not self.closed:
            self._inner.close()
        super().close()


def bounded(
    inner: IO[bytes], limit: int, on_exceed: Callable[[], Exception] | None = None
) -> io.BufferedReader:
    """A buffered :class:`BoundedReader` over ``inner`` (what ``TextIOWrapper`` wants)."""
    return io.BufferedReader(BoundedReader(inner, limit, on_exceed), buffer_size=1 << 16)
