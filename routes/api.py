"""The Python API: the same stages the CLI runs, as plain functions.

>>> import routes
>>> journey = routes.journey_from_text("Kim arrived in Vladivostok by train.")  # doctest: +SKIP
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from routes.errors import InputError, OutputError, RoutesError
from routes.model import Document, Journey, Mention


def _gazetteer(places: Sequence[str | os.PathLike] = ()):
    from gazetteer import Gazetteer

    if not places:
        return Gazetteer.default()
    return Gazetteer(user_places=tuple(places))


def extract(doc: Document | str, *, gazetteer=None) -> list[Mention]:
    """Return the resolved place and demonym mentions of a Document or a text.

    A text longer than ``routes.chunk.CHUNK_CHARS`` is read chunk by chunk (see
    :func:`iter_extract`), so the time grows with its length, not its square.
    """
    return [m for chunk in iter_extract(doc, gazetteer=gazetteer) for m in chunk]


def iter_extract(doc: Document | str, *, gazetteer=None):
    """Yield the resolved mentions of a Document or a text, one list per chunk, in text
    order: for a long text, memory holds one chunk's mentions at a time."""
    from routes.chunk import iter_mentions
    from routes.read import document_from_text

    if isinstance(doc, str):
        doc = document_from_text(doc)
    yield from iter_mentions(doc, gazetteer or _gazetteer())


def journey_from_documents(docs: Sequence[Document], *, gazetteer=None, title: str = "",
                           cache: Optional[dict[str, list[Mention]]] = None) -> Journey:
    """Return one journey told by one or more documents about the same trip.

    ``cache`` (document id -> resolved mentions) lets a caller that builds both the
    single and the merged journeys read each document once.
    """
    from routes.journey import build_journey

    gaz = gazetteer or _gazetteer()
    cache = {} if cache is None else cache
    pairs = []
    for d in docs:
        if d.id not in cache:
            cache[d.id] = extract(d, gazetteer=gaz)
        pairs.append((d, cache[d.id]))
    return build_journey(pairs, gaz, title)


def journey_from_text(text: str, *, title: str = "", gazetteer=None) -> Journey:
    """Return the journey told by ``text``."""
    from routes.read import document_from_text

    return journey_from_documents([document_from_text(text)], gazetteer=gazetteer, title=title)


def journey_from_files(paths: Sequence[str | os.PathLike], *, gazetteer=None, encoding: str = "utf-8") -> Journey:
    """Return the one journey told by the text files at ``paths`` (merged)."""
    from routes.read import read_document

    docs = [read_document(p, encoding=encoding) for p in paths]
    return journey_from_documents(docs, gazetteer=gazetteer)


@dataclass
class BuildResult:
    """What one input (or one merged group of inputs) produced."""

    inputs: tuple[str, ...]
    outputs: tuple[Path, ...] = ()
    journey: Optional[Journey] = None
    error: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.error is None


def output_stem(path: str) -> str:
    return Path(path).stem or "journey"


#: Output kind -> file name suffix (after the stem).
_SUFFIXES = {"html": ".html", "embed": ".embed.html", "fragment": ".fragment.html",
             "json": ".journey.json", "svg": ".svg", "png": ".png"}


def output_names(stem: str, formats: Sequence[str], *, embed: bool = False) -> list[tuple[str, str]]:
    """Return (kind, file name) of every file :func:`write_outputs` writes for ``stem``;
    raise InputError for an unknown format."""
    names = []
    for fmt in formats:
        if fmt == "html":
            names.append(("html", stem + _SUFFIXES["html"]))
            if embed:
                # An iframe snippet pointing at the map, and a div + script fragment to paste.
                names.append(("embed", stem + _SUFFIXES["embed"]))
                names.append(("fragment", stem + _SUFFIXES["fragment"]))
        elif fmt in _SUFFIXES:
            names.append((fmt, stem + _SUFFIXES[fmt]))
        else:
            from routes.export import FORMATS  # only when an export is asked for (start-up)

            if fmt in FORMATS:
                names.append((fmt, stem + FORMATS[fmt]))
                continue
            raise InputError(f"unknown output format {fmt!r}; use one of "
                             f"html, json, svg, png, {', '.join(FORMATS)}.")
    return names


def _key(path: Path) -> str:
    """A path's identity for 'is this the same file': its real path, case-folded where
    the file system may be case-insensitive (two names that one disk takes for one)."""
    real = os.path.realpath(path)
    return real.casefold() if os.name == "nt" or sys.platform == "darwin" else real


def write_one(journey: Journey, kind: str, path: Path, *, offline: bool = True, animate: bool = False,
              map_name: str = "", keep=None, scale: float = 1.0) -> Path:
    """Write one output of ``journey`` (``kind`` as in :func:`output_names`) to ``path``."""
    if kind == "html":
        from routes.render import write_map

        return write_map(journey, path, offline=offline, animate=animate)
    if kind == "embed":
        from routes.render import write_embed

        return write_embed(journey, path, src=map_name)
    if kind == "fragment":
        from routes.render import write_embed

        return write_embed(journey, path, offline=offline, animate=animate)
    if kind == "json":
        from routes import journeyfile

        return journeyfile.write(journey, path, keep=keep)
    if kind == "svg":
        from routes.render import write_svg

        return write_svg(journey, path)
    if kind == "png":
        from routes.render import write_png

        return write_png(journey, path, scale=scale)
    from routes.export import write

    return write(journey, path, kind)


def write_outputs(journey: Journey, out_dir: Path, stem: str, formats: Sequence[str], *,
                  offline: bool = True, embed: bool = False, network=None,
                  animate: bool = False, avoid: Optional[dict[str, str]] = None,
                  owner: str = "", keep=None, title: Optional[str] = None,
                  scale: float = 1.0) -> tuple[Path, ...]:
    """Write ``journey`` in each format into ``out_dir``; return the files written.

    With a ``network`` (see :func:`routes.network.load_network`) legs follow its lines.
    ``avoid`` maps files that must not be replaced (see :func:`_key`) to what they are
    ("the input a.html", "the map of b.txt"): when one of this journey's outputs is one
    of them, nothing is written and OutputError says so. The files written are added to
    it as outputs of ``owner``. ``keep``: the parsed journey file the journey came from,
    whose unknown keys a ``json`` output keeps.
    """
    out_dir = Path(out_dir)
    if title:  # the title every output shows instead of the text's
        from dataclasses import replace

        journey = replace(journey, title=title)
    names = output_names(stem, formats, embed=embed)
    targets = [(kind, out_dir / name) for kind, name in names]
    if avoid is not None:
        for _, path in targets:
            taken = avoid.get(_key(path))
            if taken:
                raise OutputError(f"writing {path} would replace {taken}; use another -o folder "
                                  f"or rename one of the files.")
    if network is not None:
        from routes.geometry import with_legs

        journey = with_legs(journey, network)

    from routes.files import ensure_folder

    ensure_folder(out_dir)
    written: list[Path] = []
    html_name = stem + _SUFFIXES["html"]
    for kind, path in targets:
        written.append(write_one(journey, kind, path, offline=offline, animate=animate,
                                 map_name=html_name, keep=keep, scale=scale))
        if avoid is not None:
            avoid[_key(path)] = f"the {path.name} written for {owner or stem}"
    return tuple(written)


def assign_stems(paths: Sequence[str], reserved: Sequence[str] = ("merged",)) -> dict[str, str]:
    """Return an output stem for each input path, distinct for distinct inputs.

    A stem is the file name without its suffix (``a.journey.json`` -> ``a``). When two
    inputs share one (``a.txt``, ``a.html``), or an input's is ``reserved`` (``merged``,
    the merged map's), each of them gets its suffix too (``a-txt``, ``a-html``), then a
    number when even that is shared (``d1/a.txt``, ``d2/a.txt`` -> ``a-txt``, ``a-txt-2``).
    """
    from routes.files import is_journey_file

    def plain(path: str) -> str:
        stem = output_stem(path)
        return stem.removesuffix(".journey") if is_journey_file(path) else stem

    by_file: dict[str, str] = {}  # one stem per file, however it was named ("a.txt", "./a.txt")
    for path in paths:
        by_file.setdefault(_key(Path(path)), path)
    unique = list(by_file.values())
    counts: dict[str, int] = {}
    for path in unique:
        counts[plain(path).casefold()] = counts.get(plain(path).casefold(), 0) + 1
    reserved_folded = {r.casefold() for r in reserved}
    stems: dict[str, str] = {}
    used: set[str] = set(reserved_folded)
    for path in unique:
        stem = plain(path)
        if counts[stem.casefold()] > 1 or stem.casefold() in reserved_folded:
            suffix = Path(path).suffix.lstrip(".").lower() or "file"
            stem = f"{stem}-{suffix}"
        candidate, n = stem, 1
        while candidate.casefold() in used:
            n += 1
            candidate = f"{stem}-{n}"
        used.add(candidate.casefold())
        stems[path] = candidate
    return {path: stems[by_file[_key(Path(path))]] for path in paths}


def same_trip(a: Journey, b: Journey, km: float = 25.0) -> bool:
    """True when two journeys share a travelled stop (the same trip told twice)."""
    from routes.distance import place_km

    return any(place_km(s.place, t.place) <= km for s in a.travelled for t in b.travelled
               if not s.inferred and not t.inferred)


def _where(path: str, exc: Exception) -> str:
    """The error as one sentence that names its file ("x.txt: no place in the text ...")."""
    message = str(exc)
    return message if message.startswith(str(path)) else f"{path}: {message}"


def build(inputs: Sequence[str | os.PathLike] = ("seeds",), out_dir: str | os.PathLike = "maps", *,
          merge: Optional[bool] = None, formats: Sequence[str] = ("html",), offline: bool = True,
          embed: bool = False, encoding: str = "utf-8", places: Sequence[str] = (),
          network: Optional[str | os.PathLike] = None, animate: bool = False,
          title: Optional[str] = None, scale: float = 1.0) -> list[BuildResult]:
    """Build maps for every input; return one result per input (and per merged group).

    Text files become journeys; journey JSON files are drawn exactly as written. With
    ``merge=True`` all texts form one journey; with ``merge=None`` (the default) a merged
    map is written too when every text tells the same trip (shared stops).
    """
    from routes.files import ensure_folder, is_journey_file
    from routes.read import expand_inputs, read_document

    out = Path(out_dir)
    results: list[BuildResult] = []
    output_names("journey", formats, embed=embed)  # an unknown format stops the run before any output
    if network is not None:
        from routes.network import load_network

        network = load_network(network)  # a bad network file stops the run before any output
    ensure_folder(out)  # so does an output folder that cannot be one (a file, read-only, ...)
    # Every input first: no output may replace one, and each gets its own output names.
    expanded: list[tuple[str, Optional[list[str]], Optional[str]]] = []
    for raw in inputs:
        try:
            expanded.append((str(raw), list(expand_inputs([raw])), None))
        except RoutesError as exc:
            expanded.append((str(raw), None, str(exc)))
    all_files = [f for _, files, _ in expanded for f in files or ()]
    stems = assign_stems(all_files)
    avoid = {_key(Path(f)): f"the input {f}" for f in all_files}
    docs: list[Document] = []
    journeys: list[tuple[Document, Journey]] = []
    cache: dict[str, list[Mention]] = {}
    gaz = None
    done: set[str] = set()
    for raw, files, error in expanded:
        if error is not None:
            results.append(BuildResult(inputs=(raw,), error=error))
            continue
        for path in files:
            if _key(Path(path)) in done:  # named twice (a file and its folder): built once
                continue
            done.add(_key(Path(path)))
            try:
                if is_journey_file(path):
                    from routes import journeyfile

                    journey, raw_file = journeyfile.load_keeping(path)
                    written = write_outputs(journey, out, stems[path], formats, offline=offline, embed=embed,
                                            network=network, animate=animate, avoid=avoid, owner=path,
                                            keep=raw_file, title=title, scale=scale)
                    results.append(BuildResult(inputs=(path,), outputs=written, journey=journey))
                    continue
                doc = read_document(path, encoding=encoding)
                gaz = gaz or _gazetteer(places)
                if merge:
                    docs.append(doc)
                    continue
                journey = journey_from_documents([doc], gazetteer=gaz, cache=cache)
                written = write_outputs(journey, out, stems[path], formats, offline=offline, embed=embed,
                                        network=network, animate=animate, avoid=avoid, owner=path,
                                        title=title, scale=scale)
                results.append(BuildResult(inputs=(path,), outputs=written, journey=journey))
                docs.append(doc)
                journeys.append((doc, journey))
            except RoutesError as exc:
                results.append(BuildResult(inputs=(path,), error=_where(path, exc)))
    group: list[Document] = []
    if merge and docs:
        group = docs
    elif merge is None and len(journeys) > 1:
        first = journeys[0][1]
        if all(same_trip(first, j) for _, j in journeys[1:]):
            group = [d for d, _ in journeys]
    if group:
        paths = tuple(d.path for d in group)
        try:
            journey = journey_from_documents(group, gazetteer=gaz, cache=cache)
            written = write_outputs(journey, out, "merged", formats, offline=offline, embed=embed,
                                    network=network, animate=animate, avoid=avoid, owner="the merged map",
                                    title=title, scale=scale)
            results.append(BuildResult(inputs=paths, outputs=written, journey=journey))
        except RoutesError as exc:
            results.append(BuildResult(inputs=paths, error=_where("the merged map of " + ", ".join(paths), exc)))
    return results
