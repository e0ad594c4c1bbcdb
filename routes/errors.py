"""One exception root for the whole project.

Library code raises these; only the CLI turns them into a sentence on stderr and a
non-zero exit code. Each subclass also inherits the matching builtin so callers
that already catch ``ValueError`` or ``LookupError`` keep working.
"""

from __future__ import annotations


class RoutesError(Exception):
    """Root of every error raised on purpose by ``routes`` and ``gazetteer``."""


class InputError(RoutesError, ValueError):
    """An input file or value cannot be used (empty, binary, not UTF-8, out of range)."""


class JourneyFileError(InputError):
    """A journey JSON file is malformed: a missing field, a latitude of 95, ..."""


class OutputError(RoutesError, OSError):
    """An output cannot be written: a read-only or full disk, ``-o`` naming a file, an
    output that would replace an input or another output of the same run."""


class PlaceNotFound(RoutesError, LookupError):
    """No gazetteer entry answers to a name."""


class GazetteerError(RoutesError, ValueError):
    """The bundled or a user-supplied gazetteer file is unusable."""


class NoJourneyError(RoutesError, LookupError):
    """The text names no place that a traveller went to."""
