"""Importing files of persons or companies: the reading layer, re-exported here.

The reading layer takes a file in and gives a header and streamed rows out: ``open_table``
opens a ``.csv``, ``.txt``, ``.xls``, ``.xlsx`` or ``.zip`` as a :class:`SourceTable` or
refuses it with :class:`FileRefused`; ``propose_mapping`` and ``propose_company_mapping``
suggest which column feeds which field. The run itself is ``importing.engine``.
"""

from .errors import FileRefused
from .mapping import propose_company_mapping, propose_mapping
from .source import open_table
from .table import Cell, CellError, SourceRow, SourceTable

__all__ = [
    "Cell",
    "CellError",
    "FileRefused",
    "SourceRow",
    "SourceTable",
    "open_table",
    "propose_company_mapping",
    "propose_mapping",
]
