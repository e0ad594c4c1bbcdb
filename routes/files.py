"""Reading inputs and writing outputs safely.

Outputs: a failure never leaves half a file behind, and a write that cannot happen
(read-only or full disk, a folder that is a file) is an :class:`OutputError` naming the
file. Inputs: only regular files are read (a FIFO or ``/dev/zero`` would block or never
end), and never more than a stated size.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import time
from pathlib import Path
from typing import Optional, Type, Union

from routes.errors import InputError, OutputError, RoutesError

#: Largest text file read (a 50 MB text takes about two minutes; see README).
MAX_TEXT_BYTES = 256 * 1024 * 1024
#: Largest journey file, ``--places`` file and ``--network`` file read.
MAX_JOURNEY_BYTES = 64 * 1024 * 1024
MAX_PLACES_BYTES = 64 * 1024 * 1024
MAX_NETWORK_BYTES = 512 * 1024 * 1024
#: A temporary file this old was left by a killed process (a write takes seconds).
STALE_TMP_S = 3600.0


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied (the folder is read-only or not yours)"
    if exc.errno == errno.ELOOP:
        return "a symbolic link loops back on itself"
    if exc.errno == errno.ENOTDIR:
        return "part of the path is a file, not a folder"
    return (exc.strerror or str(exc)).rstrip(".").lower()


def ensure_folder(path: Union[str, os.PathLike]) -> Path:
    """Create the output folder ``path`` if needed and return it; raise OutputError
    naming it when it cannot be a folder (a file, under a file, a link loop, read-only)."""
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{folder}: is a file, not a folder to write into.") from None
    except OSError as exc:
        raise OutputError(f"{folder}: cannot be made into an output folder ({_reason(exc)}).") from None
    if not folder.is_dir():  # pragma: no cover - mkdir(exist_ok) raises first
        raise OutputError(f"{folder}: is not a folder.")
    return folder


def clean_stale_tmp(folder: Union[str, os.PathLike], prefix: str = "", *,
                    older_than_s: float = STALE_TMP_S) -> int:
    """Remove ``prefix*.tmp*`` files and folders in ``folder`` older than ``older_than_s``
    (left by a process killed mid-write); return how many were removed. Never raises."""
    import shutil

    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        name = entry.name
        if not name.startswith(prefix) or ".tmp" not in name:
            continue
        try:
            if now - entry.stat(follow_symlinks=False).st_mtime < older_than_s:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed += 1
        except OSError:
            continue
    return removed


def write_atomic(path: Union[str, os.PathLike], data: Union[str, bytes], *,
                 newline: Optional[str] = "\n") -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder; return the path.

    The temporary file replaces ``path`` only once it is complete and on disk. It keeps
    the mode of the file it replaces, else the user's default (mkstemp alone would make
    every map and export private, 0600). Text is UTF-8 with ``newline`` translation
    (``""`` writes line ends exactly as given, as CSV needs). A write that fails (full
    disk, read-only folder, ...) raises OutputError naming ``path``; text that is not
    Unicode (a lone surrogate) raises InputError, and nothing is left behind.
    """
    target = Path(path)
    ensure_folder(target.parent)
    if target.is_dir():
        raise OutputError(f"{target}: is a folder; cannot write a file there.")
    if isinstance(data, str):
        try:
            data = data.encode("utf-8") if newline == "" else _translate(data, newline).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InputError(f"{target}: the text to write has a lone surrogate "
                             f"(\\u{ord(exc.object[exc.start]):04x}), which is not Unicode text.") from None
    clean_stale_tmp(target.parent, f".{target.name}.")
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({_reason(exc)}).") from None
    try:
        if target.exists():
            mode = target.stat().st_mode & 0o777
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, RoutesError):
            raise OutputError(f"{target}: cannot write ({_reason(exc)}).") from None
        raise
    return target


def _translate(text: str, newline: Optional[str]) -> str:
    """Line ends as text mode would write them (``None``: the platform's)."""
    end = os.linesep if newline is None else newline
    return text if end == "\n" else text.replace("\n", end)


def read_limited(path: Union[str, os.PathLike], *, limit: int, what: str = "file",
                 error: Type[RoutesError] = InputError, where: Optional[str] = None) -> bytes:
    """Return the bytes of the regular file at ``path``, at most ``limit`` of them.

    Raises ``error`` naming the file (``where``, default the path) when it is missing, a
    folder, not a regular file (a FIFO, a device such as /dev/zero, a socket: reading
    one could block or never end), unreadable, or larger than ``limit`` bytes.
    """
    where = where or os.fspath(path)
    try:
        # O_NONBLOCK: opening a FIFO with no writer must not block; checked below.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise error(f"{where}: no such file.") from None
    except IsADirectoryError:
        raise error(f"{where}: is a folder, not a {what}.") from None
    except (OSError, ValueError) as exc:
        reason = _reason(exc) if isinstance(exc, OSError) else "the name has a NUL character"
        raise error(f"{where}: cannot be read ({reason}).") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error(f"{where}: is a folder, not a {what}.")
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{where}: is not a regular file (a pipe, device or socket); "
                        f"routes reads only files.")
        if info.st_size > limit:
            raise error(f"{where}: is {info.st_size / 1e6:,.1f} MB; a {what} may be at most "
                        f"{limit / 1e6:,.0f} MB.")
        chunks = []
        size = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # the file grew while being read
                raise error(f"{where}: is over {limit / 1e6:,.0f} MB; a {what} may be at most that.")
        return b"".join(chunks)
    except OSError as exc:
        if isinstance(exc, RoutesError):
            raise
        raise error(f"{where}: cannot be read ({_reason(exc)}).") from None
    finally:
        os.close(fd)


def shareable_path(path: str) -> str:
    """Return ``path`` as it may be stored in a file shared with others.

    A relative path stays as given; an absolute one (``/home/jane/leaks/source.txt``)
    would tell every reader of a map where its text lay, so it becomes relative to the
    current folder when it is under it, else just the file's name.
    """
    if not path or not os.path.isabs(path):
        return path
    try:
        here = Path.cwd()
        p = Path(path)
        if p.is_relative_to(here):
            return p.relative_to(here).as_posix()
    except OSError:
        pass
    return os.path.basename(path) or path


def is_journey_file(path: Union[str, os.PathLike]) -> bool:
    """Return True when ``path`` looks like a journey file (by suffix)."""
    return str(path).lower().endswith(".json")
