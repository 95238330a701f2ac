"""Pass two's row work: build each record from its rows and turn new persons into table rows.

Pass one spilled every valid row (a flat list, see ``rowcheck.Layout``) and ``plan``
decided each row's fate (``FilePlan.codes``). This module reads the spill in file
order, joins the rows of each record (later single values win, lists are united) and,
when a record's last row is read, hands it on in batches:

- a new person becomes ready-made rows for ``person``, ``contact``, ``person_tag``
  (by tag text) and ``person_value`` (by attribute name), with its id from ``ids``;
- a merge, and every record of a companies import, is handed on as the joined row.

The work is pure Python with no database, so for large files it runs in a helper
process (``python -m store.importing.prepare``), reading the spill file through an
inherited descriptor, while the main process spends its time in SQLite writing the
previous batch. Small files run the same generator in the main process.
"""

from __future__ import annotations

import gc
import marshal
import os
import subprocess
import sys
from array import array
from collections.abc import Iterable, Iterator
from typing import IO, Any

from ..folding import name_keys
from .helpers import ignore_ctrl_c, start_helper
from .plan import CREATE, KEEP, MERGE
from .rowcheck import Layout, Row, layout

FLUSH = 2000

# done (rows read), people, contacts, tags (tag text, person id), values (person id,
# attribute name, text, number), records to create (companies), records to merge (group, row)
Batch = tuple[int, list[tuple], list[tuple], list[tuple], list[tuple], list[Row], list[tuple[int, Row]]]


def spilled_chunks(spill: IO[bytes], total: int) -> Iterator[list[Row]]:
    """The chunks of rows pass one wrote to the spill file (from its start), in order."""
    read = 0
    while read < total:
        size = int.from_bytes(spill.read(8), "little")
        chunk = marshal.loads(spill.read(size))  # one read per chunk: marshal.load(file) is slow
        read += len(chunk)
        yield chunk


def prepared(chunks: Iterable[list[Row]], context: dict[str, Any]) -> Iterator[Batch]:
    """Join each record's rows and yield batches of what to write (see ``Batch``).

    ``context`` holds ``of``, ``codes`` (``FilePlan.codes``), ``groups`` (the record of
    each row, an ``array('l')`` or its bytes), ``ids`` (ids for the new persons, in the
    order their records complete) and, for persons, ``person_type`` and ``stamp``.
    """
    shape = layout(context["of"])
    persons = context["of"] == "persons"
    codes: bytes = context["codes"]
    groups = context["groups"]
    if isinstance(groups, bytes):
        groups = array("l", groups)
    ids = iter(array("q", context["ids"]) if isinstance(context["ids"], bytes) else context["ids"])
    person_type, stamp = context.get("person_type"), context.get("stamp")
    pending: dict[int, Row] = {}
    creates: list[Row] = []
    merges: list[tuple[int, Row]] = []
    k = 0
    for chunk in chunks:
        for row in chunk:
            code = codes[k]
            if code:
                group = groups[k]
                record = pending.pop(group, None)
                if record is not None:
                    row = shape.merge(record, row)
                if code == KEEP:
                    pending[group] = row
                elif code == CREATE:
                    creates.append(row)
                elif code == MERGE:
                    merges.append((group, row))
            k += 1
        if len(creates) + len(merges) >= FLUSH:
            yield _batch(k, shape, persons, creates, merges, ids, person_type, stamp)
            creates, merges = [], []
    yield _batch(k, shape, persons, creates, merges, ids, person_type, stamp)


def _batch(
    done: int,
    shape: Layout,
    persons: bool,
    creates: list[Row],
    merges: list[tuple[int, Row]],
    ids: Iterator[int],
    person_type: str | None,
    stamp: str | None,
) -> Batch:
    if not persons:
        return (done, [], [], [], [], creates, merges)
    people, contacts, tags, values = [], [], [], []
    slot = shape.slot
    first, last, nick = slot["first_name"], slot["last_name"], slot["nickname"]
    end = shape.phones  # the slots before the lists: every person column, then company
    for row, person_id in zip(creates, ids, strict=False):  # ids: an iterator over every batch
        full, last_key = name_keys(row[first], row[last], row[nick])
        people.append((person_id, person_type, *row[1:end], full, last_key, stamp, stamp))
        for phone in row[shape.phones]:
            contacts.append((person_id, "phone", phone))
        for email in row[shape.emails]:
            contacts.append((person_id, "email", email))
        for tag in row[shape.tags]:
            tags.append((tag, person_id))
        if row[shape.custom]:
            for name, (text, number) in row[shape.custom].items():
                values.append((person_id, name, text, number))
    return (done, people, contacts, tags, values, [], merges)


class PrepareProcess:
    """``prepared`` in a helper process; ``start`` it, then iterate over it for the batches.

    The process starts at once, on the spill file, and waits for its context: a large
    import starts it before pass one, so that its start-up does not hold up pass two.
    """

    def __init__(self, spill: IO[bytes]) -> None:
        """Start the helper with the spill file's descriptor; it waits for ``start``."""
        self.descriptor = spill.fileno()
        self.spill = spill
        self.process = start_helper(  # Ctrl-C is the importing process's (``helpers``)
            [sys.executable, "-m", "store.importing.prepare"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            pass_fds=(self.descriptor,),
        )

    def start(self, total: int, context: dict[str, Any]) -> None:
        """Hand over the plan's ``context`` for the ``total`` rows spilled (flushed here)."""
        self.spill.flush()
        assert self.process.stdin is not None
        message = {**context, "fd": self.descriptor, "total": total}
        for key in ("groups", "ids"):
            if isinstance(message[key], array):
                message[key] = message[key].tobytes()
        message["codes"] = bytes(message["codes"])
        marshal.dump(message, self.process.stdin)
        self.process.stdin.close()

    def __iter__(self) -> Iterator[Batch]:
        """The helper's batches, in order; raises if it fails."""
        stream = self.process.stdout
        assert stream is not None
        while True:
            head = stream.read(8)
            if len(head) < 8:
                break
            size = int.from_bytes(head, "little")
            yield marshal.loads(stream.read(size))
        code = self.process.wait()
        if code != 0:
            assert self.process.stderr is not None
            detail = self.process.stderr.read().decode("utf-8", "replace").strip().splitlines()
            raise RuntimeError(f"preparing the rows failed: {detail[-1] if detail else f'exit {code}'}")

    def close(self) -> None:
        """Stop the helper (early, when the import is cancelled, fails or does not need it)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


def serve() -> None:
    """The helper's work: read the context, prepare, write length-prefixed batches."""
    gc.disable()  # millions of short-lived rows and no cycles among them (PERF-NOTES 6.2)
    context = marshal.load(sys.stdin.buffer)
    descriptor = context["fd"]
    os.lseek(descriptor, 0, os.SEEK_SET)
    sink = sys.stdout.buffer
    with open(descriptor, "rb", closefd=False) as spill:
        for batch in prepared(spilled_chunks(spill, context["total"]), context):
            blob = marshal.dumps(batch)
            sink.write(len(blob).to_bytes(8, "little"))
            sink.write(blob)
    sink.flush()


if __name__ == "__main__":
    ignore_ctrl_c()
    serve()
