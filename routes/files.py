"""Writing output files so that a failure never leaves half a file behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Optional, Union


def write_atomic(path: Union[str, os.PathLike], data: Union[str, bytes], *,
                 newline: Optional[str] = "\n") -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder; return the path.

    The temporary file replaces ``path`` only once it is complete and on disk. It keeps
    the mode of the file it replaces, else the user's default (mkstemp alone would make
    every map and export private, 0600). Text is UTF-8 with ``newline`` translation
    (``""`` writes line ends exactly as given, as CSV needs).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        if target.exists():
            mode = target.stat().st_mode & 0o777
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        if isinstance(data, bytes):
            handle = os.fdopen(fd, "wb")
        else:
            handle = os.fdopen(fd, "w", encoding="utf-8", newline=newline)
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return target


def is_journey_file(path: Union[str, os.PathLike]) -> bool:
    """Return True when ``path`` looks like a journey file (by suffix)."""
    return str(path).lower().endswith(".json")
