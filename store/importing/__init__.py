"""Importing files of persons or companies (SPEC 6).

The reading layer takes a file in and gives a header and streamed rows out:
``source.open_table`` opens a ``.csv``, ``.txt``, ``.xls``, ``.xlsx`` or ``.zip`` as a
``table.SourceTable`` or refuses it with ``errors.FileRefused``; ``mapping`` suggests
which column feeds which field. The run itself is ``engine.ImportJob``. This package
imports nothing itself, so that opening the store (which reads ``importing.history``)
does not load the readers.
"""
