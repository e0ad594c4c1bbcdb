"""The Python API: the same stages the CLI runs, as plain functions.

>>> import routes
>>> journey = routes.journey_from_text("Kim arrived in Vladivostok by train.")  # doctest: +SKIP
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from routes.errors import InputError, RoutesError
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


def write_outputs(journey: Journey, out_dir: Path, stem: str, formats: Sequence[str], *,
                  offline: bool = True, embed: bool = False, network=None,
                  animate: bool = False) -> tuple[Path, ...]:
    """Write ``journey`` in each format into ``out_dir``; return the files written.

    With a ``network`` (see :func:`routes.network.load_network`) legs follow its lines.
    """
    if network is not None:
        from routes.geometry import with_legs

        journey = with_legs(journey, network)

    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for fmt in formats:
        if fmt == "html":
            from routes.render import write_map

            written.append(write_map(journey, out_dir / f"{stem}.html", offline=offline, animate=animate))
            if embed:
                from routes.render import write_embed

                # An iframe snippet pointing at the map, and a div + script fragment to paste.
                written.append(write_embed(journey, out_dir / f"{stem}.embed.html", src=f"{stem}.html"))
                written.append(write_embed(journey, out_dir / f"{stem}.fragment.html", offline=offline,
                                           animate=animate))
        elif fmt == "json":
            from routes import journeyfile

            written.append(journeyfile.write(journey, out_dir / f"{stem}.journey.json"))
        elif fmt == "svg":
            from routes.render import write_svg

            written.append(write_svg(journey, out_dir / f"{stem}.svg"))
        else:
            from routes.export import FORMATS, write

            if fmt not in FORMATS:
                raise InputError(f"unknown output format {fmt!r}.")
            written.append(write(journey, out_dir / f"{stem}{FORMATS[fmt]}", fmt))
    return tuple(written)


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
          network: Optional[str | os.PathLike] = None, animate: bool = False) -> list[BuildResult]:
    """Build maps for every input; return one result per input (and per merged group).

    Text files become journeys; journey JSON files are drawn exactly as written. With
    ``merge=True`` all texts form one journey; with ``merge=None`` (the default) a merged
    map is written too when every text tells the same trip (shared stops).
    """
    from routes.files import is_journey_file
    from routes.read import expand_inputs, read_document

    out = Path(out_dir)
    results: list[BuildResult] = []
    if network is not None:
        from routes.network import load_network

        network = load_network(network)  # a bad network file stops the run before any output
    docs: list[Document] = []
    journeys: list[tuple[Document, Journey]] = []
    cache: dict[str, list[Mention]] = {}
    gaz = None
    for raw in inputs:
        try:
            files = list(expand_inputs([raw]))
        except RoutesError as exc:
            results.append(BuildResult(inputs=(str(raw),), error=str(exc)))
            continue
        for path in files:
            try:
                if is_journey_file(path):
                    from routes import journeyfile

                    journey = journeyfile.load(path)
                    written = write_outputs(journey, out, output_stem(path).removesuffix(".journey"),
                                            formats, offline=offline, embed=embed, network=network, animate=animate)
                    results.append(BuildResult(inputs=(path,), outputs=written, journey=journey))
                    continue
                doc = read_document(path, encoding=encoding)
                gaz = gaz or _gazetteer(places)
                if merge:
                    docs.append(doc)
                    continue
                journey = journey_from_documents([doc], gazetteer=gaz, cache=cache)
                written = write_outputs(journey, out, output_stem(path), formats, offline=offline, embed=embed, network=network, animate=animate)
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
            written = write_outputs(journey, out, "merged",
                                    formats, offline=offline, embed=embed, network=network, animate=animate)
            results.append(BuildResult(inputs=paths, outputs=written, journey=journey))
        except RoutesError as exc:
            results.append(BuildResult(inputs=paths, error=_where("the merged map of " + ", ".join(paths), exc)))
    return results
