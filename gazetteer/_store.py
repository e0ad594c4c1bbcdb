"""The on-disk index: sorted text files, memory-mapped, searched by bisection.

The repository carries the files gzip-compressed (``data/*.tsv.gz``) with small
sparse indexes beside them (``names.idx``, ``ids.idx``: every 48th/64th key and the
byte offset of its line, see ``pack_index``; ``cells.idx``; committed uncompressed). The first use after an install unpacks the three ``.tsv`` files into
``<cache>/gazetteer-<VERSION>/`` (one progress line on stderr, well under 2 s): a
temporary directory renamed into place, so a crash or a parallel process never sees
half the files. ``VERSION`` is a hash of the compressed files, so new data unpacks
into a new directory. No step reads the whole name list into memory.

Layout of the unpacked files (UTF-8, one record per line, a ``#`` header line first):

- ``places.tsv``: id, name, lat, lon, country_code, admin1, feature_code, kind,
  population, alternate names (``|``-separated); ordered by 1-degree cell.
- ``names.tsv``: folded key, then ``offset:importance`` for each place it names,
  comma-separated (byte offset in ``places.tsv``; importance in tenths, so candidates
  are ranked before their lines are read); a trailing ``a`` marks an alternate name.
  The entries come best possible score first (``build._bound_key``), so a reader
  visits them in stored order and stops early without sorting them.
- ``ids.tsv``: place id, byte offset in ``places.tsv``.
"""

from __future__ import annotations

import json
import mmap
import os
import sys
from array import array
from bisect import bisect_right
from importlib import resources
from pathlib import Path
from typing import Iterator, Optional

from routes.errors import GazetteerError

FILES = ("places.tsv", "names.tsv", "ids.tsv")
#: Size, SHA-256 and modification time of each unpacked file, written after them.
MANIFEST = "manifest.json"
HOW_PRIMARY, HOW_ALTERNATE, HOW_ALIAS = 0, 1, 2


def cache_dir() -> Path:
    """Return the directory for unpacked data ($ROUTES_CACHE_DIR, XDG, ~/.cache)."""
    env = os.environ.get("ROUTES_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # a relative one is invalid (XDG spec): ignored
        return Path(xdg) / "routes"
    try:
        return Path.home() / ".cache" / "routes"
    except RuntimeError:  # no home folder known
        import tempfile
        return Path(tempfile.gettempdir()) / f"routes-cache-{os.getuid() if hasattr(os, 'getuid') else 'user'}"


def data_file(name: str):
    """Return a Traversable for a bundled data file (read lazily, never at import)."""
    return resources.files("gazetteer") / "data" / name


def cell_of(lat: float, lon: float) -> int:
    """Return the 1-degree grid cell number of a point (the nearest-search index)."""
    import math
    return (min(math.floor(lat), 89) + 90) * 360 + (math.floor(lon) + 180) % 360


def unpack(target: Path) -> None:
    """Unpack the bundled ``.tsv.gz`` files into ``target`` (atomically)."""
    # Imported here: only the first use after an install unpacks (start-up stays lean).
    import gzip
    import shutil
    import sys
    import tempfile
    import time

    start = time.perf_counter()
    print(f"routes: unpacking the gazetteer into {target} (once)...", file=sys.stderr,
          flush=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    from routes.files import clean_stale_tmp

    clean_stale_tmp(target.parent)  # unpacks killed half-way (kill -9) left these
    tmp = Path(tempfile.mkdtemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent))
    try:
        import hashlib

        manifest = {}
        for name in FILES:
            blob = gzip.decompress(data_file(name + ".gz").read_bytes())
            (tmp / name).write_bytes(blob)
            manifest[name] = {"size": len(blob), "sha256": hashlib.sha256(blob).hexdigest()}
        for name in FILES:
            manifest[name]["mtime_ns"] = (tmp / name).stat().st_mtime_ns
        # Written last: a folder without it (or whose files no longer match it) is unpacked again.
        (tmp / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        try:
            os.rename(tmp, target)
        except OSError:
            if not target.is_dir():  # a parallel process did not win the race either
                raise
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    print(f"routes: gazetteer ready ({time.perf_counter() - start:.1f} s)",
          file=sys.stderr, flush=True)


INDEX_MAGIC = b"#sparse index v2\n"
# Typecode of a 4-byte unsigned array item ("I" on every common platform).
_U32 = next(code for code in "IL" if array(code).itemsize == 4)


def pack_index(keys: list[str], offsets: list[int]) -> bytes:
    """Return the bytes of a sparse index file (the format ``SortedFile`` reads).

    ``INDEX_MAGIC``, the number of keys (4 bytes, little-endian), their byte offsets
    (4 bytes each, little-endian), then the keys in UTF-8, one a line: loading it is
    one copy and one split, with no number to parse.
    """
    body = array(_U32, offsets)
    if sys.byteorder == "big":
        body.byteswap()
    return (INDEX_MAGIC + len(keys).to_bytes(4, "little") + body.tobytes()
            + "\n".join(keys).encode("utf-8"))


class SortedFile:
    """A memory-mapped file of sorted ``key\\tvalue`` lines with a sparse index."""

    def __init__(self, path: Path, index: bytes) -> None:
        with open(path, "rb") as fh:
            self._mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        # Index file (``pack_index``): sampled keys and the byte offsets of their lines.
        if not index.startswith(INDEX_MAGIC):
            raise GazetteerError(f"{path.name}: its index is of another version; rerun "
                                 "`python -m gazetteer.build`.")
        start = len(INDEX_MAGIC) + 4
        count = int.from_bytes(index[start - 4:start], "little")
        offsets = array(_U32)
        offsets.frombytes(index[start:start + 4 * count])
        if sys.byteorder == "big":
            offsets.byteswap()
        self._offsets = offsets
        # A tuple, not a list: a tuple of strings drops out of the garbage collector's
        # view, so its collections stop walking 20,000 items.
        self._keys = tuple(index[start + 4 * count:].decode("utf-8").split("\n"))
        self._last = len(self._offsets) - 1
        if len(self._keys) != len(self._offsets):
            raise GazetteerError(f"{path.name}: its index does not match; rerun "
                                 "`python -m gazetteer.build`.")

    def get(self, key: str) -> Optional[str]:
        """Return the value stored for ``key``, or None."""
        i = bisect_right(self._keys, key)  # the block [i - 1, i) may hold the key
        if not 0 < i <= self._last:
            return None
        pattern = f"\n{key}\t".encode("utf-8")
        mm = self._mm
        offsets = self._offsets
        start = mm.find(pattern, offsets[i - 1], offsets[i] + len(pattern))
        if start < 0:
            return None
        start += len(pattern)
        return mm[start:mm.find(b"\n", start)].decode("utf-8")

    def with_prefix(self, prefix: str) -> Iterator[tuple[str, str]]:
        """Yield (key, value) for every key that starts with ``prefix``, in key order."""
        i = bisect_right(self._keys, prefix)
        mm = self._mm
        at = self._offsets[max(i - 1, 0)]
        raw_prefix = prefix.encode("utf-8")
        size = len(mm)
        while at < size:
            end = mm.find(b"\n", at)
            if end < 0:
                end = size
            line = mm[at:end]
            at = end + 1
            if line.startswith(b"#"):
                continue
            if line < raw_prefix:
                continue
            if not line.startswith(raw_prefix):
                return
            key, _, value = line.decode("utf-8").partition("\t")
            yield key, value


def verified(directory: Path) -> bool:
    """True when ``directory`` holds the unpacked files exactly as unpacked: each file's
    size and time as its manifest says (a stat, every run), and when a time differs, its
    SHA-256 (a truncated ``names.tsv`` or a 0-byte ``places.tsv`` fails)."""
    import hashlib

    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
        for name in FILES:
            info = (directory / name).stat()
            want = manifest[name]
            if info.st_size != want["size"]:
                return False
            if info.st_mtime_ns != want["mtime_ns"]:
                with open(directory / name, "rb") as fh:
                    if hashlib.file_digest(fh, "sha256").hexdigest() != want["sha256"]:
                        return False
        return True
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _discard(directory: Path) -> None:
    """Move a damaged unpacked folder out of the way (a rename: a process reading it
    keeps its open files), then remove it."""
    import shutil

    trash = directory.with_name(f"{directory.name}.{os.getpid()}.bad.tmp")
    try:
        os.rename(directory, trash)
    except OSError:
        trash = directory
    shutil.rmtree(trash, ignore_errors=True)


def _ready(directory: Path) -> Path:
    """Return a folder holding verified unpacked files: ``directory``, unpacked (again)
    when needed, or, when its cache home cannot be written, one in the temporary folder."""
    if verified(directory):
        return directory
    if directory.exists():
        _discard(directory)
    try:
        unpack(directory)
        if verified(directory):
            return directory
        reason = "its files do not match what was unpacked"
    except OSError as exc:
        reason = exc.strerror or str(exc)
    import tempfile

    uid = os.getuid() if hasattr(os, "getuid") else "user"
    fallback = Path(tempfile.gettempdir()) / f"routes-cache-{uid}" / directory.name
    print(f"routes: cannot use the cache {directory.parent} ({reason}); using {fallback.parent} "
          "this time. Set ROUTES_CACHE_DIR to a writable folder.", file=sys.stderr, flush=True)
    try:
        fallback.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        owner = fallback.parent.stat().st_uid
        if hasattr(os, "getuid") and owner != os.getuid():
            raise GazetteerError(f"{fallback.parent} belongs to another user; set ROUTES_CACHE_DIR "
                                 "to a writable folder of yours.")
        if not verified(fallback):
            if fallback.exists():
                _discard(fallback)
            unpack(fallback)
    except OSError as exc:
        raise GazetteerError(f"cannot unpack the gazetteer into {directory.parent} or {fallback.parent} "
                             f"({exc.strerror or exc}); set ROUTES_CACHE_DIR to a writable folder.") from None
    return fallback


class Store:
    """The unpacked, memory-mapped gazetteer files of one data version."""

    def __init__(self) -> None:
        version = data_file("VERSION").read_text(encoding="utf-8").strip()
        if not version.isalnum():
            raise GazetteerError("gazetteer/data/VERSION is damaged: rerun "
                                 "`python -m gazetteer.build`.")
        directory = _ready(cache_dir() / f"gazetteer-{version}")
        from routes.files import clean_stale_tmp

        clean_stale_tmp(directory)  # overlay and capitals files of killed processes
        with open(directory / "places.tsv", "rb") as fh:
            self.places = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        self.names = SortedFile(directory / "names.tsv",
                                data_file("names.idx").read_bytes())
        self.directory = directory
        self._ids_path = directory / "ids.tsv"
        self._ids: Optional[SortedFile] = None
        self._cells: Optional[dict[int, tuple[int, int]]] = None

    def line(self, offset: int) -> list[str]:
        """Return the fields of the place line starting at byte ``offset``."""
        end = self.places.find(b"\n", offset)
        return self.places[offset:end].decode("utf-8").split("\t")

    def offset_of(self, place_id: str) -> Optional[int]:
        if self._ids is None:
            self._ids = SortedFile(self._ids_path,
                                   data_file("ids.idx").read_bytes())
        value = self._ids.get(place_id)
        return int(value) if value is not None else None

    def cell_range(self, cell: int) -> Optional[tuple[int, int]]:
        if self._cells is None:
            cells = {}
            for line in data_file("cells.idx").read_text(encoding="utf-8").splitlines():
                c, a, b = line.split("\t")
                cells[int(c)] = (int(a), int(b))
            self._cells = cells
        return self._cells.get(cell)

    def cell_lines(self, cell: int, needles: tuple[bytes, ...] = ()) -> list[tuple[int, list[str]]]:
        """Return (offset, fields) of every place in a 1-degree cell.

        With ``needles``, a cell whose bytes contain none of them is skipped unread
        ([]): a cheap pre-filter, the caller still checks each line's fields.
        """
        span = self.cell_range(cell)
        if span is None:
            return []
        start, end = span
        if needles and all(self.places.find(n, start, end) < 0 for n in needles):
            return []
        out = []
        for raw in self.places[start:end].decode("utf-8").split("\n"):
            if raw:
                out.append((start, raw.split("\t")))
                start += len(raw.encode("utf-8")) + 1
        return out
