"""Segments, their condition language, and computed attributes.

``segments`` saves, counts, lists and tags segments; ``computed`` defines computed
attributes and reads their values; ``language`` checks conditions, ``sql`` compiles them
into one query, ``evaluate`` and ``explain`` check them person by person in Python.
"""
