"""The ``routes`` command: a thin layer over :mod:`routes.api`.

Library errors become one sentence on stderr and exit code 1; every other input of
the same run is still processed.
"""

from __future__ import annotations

import gc
import itertools
import json
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional


def _collect_less_often() -> None:
    """Run CPython's cycle collector far less often in this process.

    A build creates some hundred thousand container objects that live until it ends
    (modules, classes and templates of folium and its dependencies, the gazetteer, each
    map's element tree). At the default threshold (700 allocations) the collector ran
    ~160 times in a seed build, walking those survivors again and again: 80-95 ms of a
    1 s build. At 100,000 it runs ~5 times (~5 ms) and the peak memory is the same
    (140 MB): the process is short-lived and makes few reference cycles.
    """
    gen0, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(max(gen0, 100_000), gen1, gen2)


_collect_less_often()  # before the imports below and those each command makes

import typer  # noqa: E402

from routes.errors import RoutesError  # noqa: E402

app = typer.Typer(
    help="Text about a trip in, journey map out: find the places, the route and draw it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from routes import __version__

        typer.echo(f"routes {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Text about a trip in, journey map out: find the places, the route and draw it."""


def _open_in_browser(path: Path) -> None:
    """Open a written map in the web browser, unless there is none to open it in (CI, no
    display): then say so. Never waits for the browser."""
    import os

    no_display = sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if os.environ.get("CI") or no_display:
        _err(f"not opening {path}: no display to open a browser on")
        return
    import webbrowser

    if not webbrowser.open(Path(path).resolve().as_uri()):
        _err(f"could not open {path} in a browser")


class JourneyFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    table = "table"


class GeocodeFormat(str, Enum):
    json = "json"
    table = "table"


def _err(message: str) -> None:
    typer.echo(f"routes: {message}", err=True)


def _emit(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _gaz(places: List[Path]):
    from routes.api import _gazetteer

    return _gazetteer(tuple(places))


PLACES_OPT = typer.Option([], "--places", help="Extra places (CSV or GeoJSON) to add to the gazetteer.")
ENCODING_OPT = typer.Option("utf-8", "--encoding", help="Text encoding of the input files.")


@app.command()
def build(
    inputs: Optional[List[str]] = typer.Argument(None, help="Text files, folders or journey JSON files (default: seeds/)."),
    out_dir: Path = typer.Option(Path("maps"), "-o", "--out", help="Folder to write maps into."),
    merge: Optional[bool] = typer.Option(None, "--merge/--no-merge",
                                         help="Merge all texts into one journey (default: also write a merged map when they tell one trip)."),
    fmt: List[str] = typer.Option(["html"], "--format", "-f",
                                  help="Output formats: html, json, svg, geojson, kml, gpx, csv (repeatable)."),
    offline: bool = typer.Option(True, "--offline/--online", help="Inline Leaflet and a basemap (default) or load them from the web."),
    embed: bool = typer.Option(False, "--embed",
                               help="Also write an iframe snippet and a div + script fragment beside each map."),
    animate: bool = typer.Option(False, "--animate",
                                 help="Draw the legs in gently (off for readers who prefer reduced motion)."),
    encoding: str = ENCODING_OPT,
    places: List[Path] = PLACES_OPT,
    network: Optional[Path] = typer.Option(None, "--network",
                                           help="GeoJSON of rail or road lines that legs follow (needs networkx)."),
    title: Optional[str] = typer.Option(None, "--title", help="Title of every map and export, instead of the text's."),
    open_map: bool = typer.Option(False, "--open", help="Open the (first) map in the web browser when written."),
    scale: float = typer.Option(1.0, "--scale", min=0.1, max=8.0, help="PNG resolution multiplier (2: twice the pixels)."),
) -> None:
    """Build journey maps from texts or journey files (default: seeds/ into maps/)."""
    import warnings

    from routes.api import build as build_maps

    formats = [f.strip().lower() for item in fmt for f in item.split(",") if f.strip()]
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            results = build_maps(inputs or ["seeds"], out_dir, merge=merge, formats=formats, offline=offline,
                                 embed=embed, encoding=encoding, places=tuple(str(p) for p in places),
                                 network=network, animate=animate, title=title, scale=scale)
        for message in dict.fromkeys(str(w.message) for w in caught):  # each once
            _err(f"warning: {message}")
    except RoutesError as exc:
        _err(str(exc))
        raise typer.Exit(1)
    failed = 0
    for r in results:
        if r.ok:
            for path in r.outputs:
                stops = len(r.journey.stops) if r.journey else 0
                typer.echo(f"wrote {path} ({stops} stops)")
        else:
            failed += 1
            _err(r.error)
    if open_map:
        maps = [p for r in results if r.ok for p in r.outputs if Path(p).name.endswith(".html")
                and not Path(p).name.endswith((".embed.html", ".fragment.html"))]
        if maps:
            _open_in_browser(maps[0])
    if failed:
        raise typer.Exit(1)


def _stop_json(stop) -> dict:
    d = {"sequence": stop.sequence, "name": stop.name, "lat": round(stop.lat, 6), "lon": round(stop.lon, 6),
         "planned": stop.planned, "inferred": stop.inferred, "role": stop.role, "id": stop.place.id,
         "country_code": stop.place.country_code, "kind": stop.place.kind, "date": stop.date,
         "mode": stop.mode_in, "evidence": [e.to_dict() for e in stop.evidence]}
    return d


def _journey_json(journey, path: str, paths: list[str]) -> dict:
    return {
        "path": path,
        "paths": paths,
        "title": journey.title,
        "stops": [_stop_json(s) for s in journey.stops],
        "distance_m": round(journey.distance_m, 1),
        "excluded": [{"text": e.text, "name": e.place.name if e.place else None, "reason": e.reason,
                      "evidence": [x.to_dict() for x in e.evidence]} for e in journey.excluded],
    }


def _journey_table(journey, path: str) -> str:
    lines = [f"# {journey.title or path}", ""]
    for s in journey.stops:
        flags = ", ".join(f for f, on in (("planned", s.planned), ("inferred", s.inferred)) if on)
        lines.append(f"{s.sequence:>2}. {s.name} ({s.lat:.4f}, {s.lon:.4f}) {s.role}"
                     f"{' [' + flags + ']' if flags else ''}{' — ' + s.date if s.date else ''}"
                     f"{' by ' + s.mode_in if s.mode_in != 'unknown' else ''}")
        for e in s.evidence[:3]:
            lines.append(f"      {e.reason}: “{e.quote[:160]}” ({Path(e.path).name}:{e.start}-{e.end})")
    if journey.legs:
        travelled = [leg for leg in journey.legs if not leg.planned]
        planned = [leg for leg in journey.legs if leg.planned]
        total = f"\n    travelled {sum(leg.distance_m for leg in travelled) / 1000:,.0f} km over {len(travelled)} legs"
        if planned:
            total += f"; planned {sum(leg.distance_m for leg in planned) / 1000:,.0f} km more"
        lines.append(total)
    if journey.excluded:
        lines.append("\nNot stops:")
        for x in journey.excluded:
            q = x.evidence[0].quote[:120] if x.evidence else ""
            lines.append(f"  - {x.text}: {x.reason}. “{q}”")
    return "\n".join(lines)


@app.command()
def journey(
    files: List[str] = typer.Argument(..., help="Text files (or folders) telling a trip."),
    merge: bool = typer.Option(False, "--merge", help="Treat all files as one trip: print one journey."),
    fmt: JourneyFormat = typer.Option(JourneyFormat.jsonl, "--format", "-f", help="jsonl (one line per file), json (journey file) or table."),
    encoding: str = ENCODING_OPT,
    places: List[Path] = PLACES_OPT,
) -> None:
    """Print the journey each file tells: stops in travel order, with evidence."""
    import warnings

    from routes import journeyfile
    from routes.api import journey_from_documents
    from routes.read import expand_inputs, read_document

    failed = 0
    docs = []
    for raw in files:
        try:
            for path in expand_inputs([raw]):
                docs.append(read_document(path, encoding=encoding))
        except RoutesError as exc:
            failed += 1
            _err(str(exc))
    try:
        gaz = _gaz(places) if docs else None
    except RoutesError as exc:
        _err(str(exc))
        raise typer.Exit(1)
    groups = [docs] if merge and docs else [[d] for d in docs]
    for group in groups:
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                j = journey_from_documents(group, gazetteer=gaz)
            for w in caught:
                _err(f"warning: {w.message}")
        except RoutesError as exc:
            failed += 1
            _err(f"{group[0].path}: {exc}")
            if fmt == JourneyFormat.jsonl:
                _emit({"path": group[0].path, "paths": [d.path for d in group], "stops": [],
                       "error": str(exc)})
            continue
        if fmt == JourneyFormat.jsonl:
            _emit(_journey_json(j, group[0].path, [d.path for d in group]))
        elif fmt == JourneyFormat.json:
            sys.stdout.write(journeyfile.dumps(j))
        else:
            typer.echo(_journey_table(j, group[0].path) + "\n")
    if failed:
        raise typer.Exit(1)


def _mention_json(m, doc) -> dict:
    start, end = m.start, m.end
    if doc.source_offsets:
        start = doc.source_offsets[m.start]
        end = doc.source_offsets[m.end - 1] + 1
    p = m.place
    return {"start": start, "end": end, "text": m.text, "kind": m.kind,
            "lat": round(p.lat, 6) if p else None, "lon": round(p.lon, 6) if p else None,
            "name": p.name if p else None, "id": p.id if p else None,
            "country_code": p.country_code if p else None, "feature": p.kind if p else None,
            "confidence": m.confidence, "reason": m.reason,
            "candidates": [{"name": c.place.name, "id": c.place.id, "lat": round(c.place.lat, 6),
                            "lon": round(c.place.lon, 6), "score": c.score} for c in m.candidates[1:4]]}


@app.command()
def extract(
    files: List[str] = typer.Argument(..., help="Text files (or folders) to read place names from."),
    fmt: ExtractFormat = typer.Option(ExtractFormat.jsonl, "--format", "-f", help="jsonl (one line per file) or table."),
    encoding: str = ENCODING_OPT,
    places: List[Path] = PLACES_OPT,
) -> None:
    """Print every place name found in each file, with offsets and coordinates."""
    from routes.api import iter_extract
    from routes.read import expand_inputs, read_document

    failed = 0
    gaz = None
    for raw in files:
        try:
            paths = list(expand_inputs([raw]))
        except RoutesError as exc:
            failed += 1
            _err(str(exc))
            continue
        for path in paths:
            try:
                doc = read_document(path, encoding=encoding)
                gaz = gaz or _gaz(places)
                chunks = iter_extract(doc, gazetteer=gaz)
                first = next(chunks)  # a text that cannot be read fails here, before any output
            except RoutesError as exc:
                failed += 1
                _err(str(exc))
                continue
            try:
                _write_mentions(path, doc, first, chunks, fmt)
            except RoutesError as exc:  # pragma: no cover - a chunk failing after the first
                failed += 1
                _err(str(exc))
    if failed:
        raise typer.Exit(1)


def _write_mentions(path: str, doc, first: list, chunks, fmt: "ExtractFormat") -> None:
    """Write one file's mentions as they come, chunk by chunk: a 50 MB text never holds
    all its mentions (or their JSON) in memory. The JSONL line is the same bytes as
    ``json.dumps({"path": ..., "mentions": [...]})``; if a later chunk fails, the line
    is closed with an "error" member so it stays valid JSON."""
    out = sys.stdout
    if fmt == ExtractFormat.jsonl:
        out.write('{"path": ' + json.dumps(path, ensure_ascii=False) + ', "mentions": [')
        sep = ""
        try:
            for chunk in itertools.chain([first], chunks):
                for m in chunk:
                    out.write(sep + json.dumps(_mention_json(m, doc), ensure_ascii=False))
                    sep = ", "
        except RoutesError as exc:
            out.write('], "error": ' + json.dumps(str(exc), ensure_ascii=False) + "}\n")
            raise
        out.write("]}\n")
        return
    typer.echo(f"# {path}")
    for chunk in itertools.chain([first], chunks):
        for m in chunk:
            where = f"{m.place.name}, {m.place.country_code} ({m.lat:.4f}, {m.lon:.4f})" if m.place else "unresolved"
            typer.echo(f"{m.start:>7}-{m.end:<7} {m.text:<24} {m.kind:<8} {where}  conf {m.confidence:.2f}  {m.reason}")


@app.command()
def geocode(
    name: str = typer.Argument(..., help="A place name in any script."),
    country: Optional[str] = typer.Option(None, "--country", help="ISO 3166 alpha-2 country code to restrict to."),
    kind: Optional[str] = typer.Option(None, "--kind", help="Feature kind: city, country, admin1, island, river, ..."),
    limit: int = typer.Option(5, "--limit", min=1, max=100, help="How many ranked candidates to show."),
    fmt: GeocodeFormat = typer.Option(GeocodeFormat.json, "--format", "-f", help="json or table."),
    places: List[Path] = PLACES_OPT,
) -> None:
    """Look a name up in the bundled gazetteer and print the ranked candidates."""
    try:
        cands = _gaz(places).lookup(name, country=country, kind=kind, limit=limit)
    except RoutesError as exc:
        _err(str(exc))
        raise typer.Exit(1)
    if not cands:
        _err(f"no place called {name!r} in the gazetteer" + (f" in {country}" if country else "") + ".")
        raise typer.Exit(1)
    if fmt == GeocodeFormat.json:
        _emit({"query": name, "candidates": [dict(c.place.to_dict(), score=c.score, reason=c.reason) for c in cands]})
    else:
        for i, c in enumerate(cands, 1):
            p = c.place
            typer.echo(f"{i:>2}. {p.name:<28} {p.country_code:<2} {p.kind:<10} {p.lat:>9.4f} {p.lon:>10.4f} "
                       f"pop {p.population:>10,}  score {c.score:.3f}  {c.reason}")


@app.command()
def export(
    journey_file: str = typer.Argument(..., help="A journey JSON file (from `routes journey --format json`)."),
    fmt: str = typer.Option("geojson", "--format", "-f", help="geojson, kml, gpx, csv, svg, html or json."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Output file (default: beside the input)."),
) -> None:
    """Write a journey file in another format (GeoJSON, KML, GPX, CSV, SVG, HTML)."""
    import os

    from routes import journeyfile
    from routes.api import output_names, write_one
    from routes.files import ensure_folder

    source = Path(journey_file)
    try:
        j, raw = journeyfile.load_keeping(journey_file)
        if output is None:
            (kind, name), = output_names(source.stem.removesuffix(".journey"), [fmt.lower()])
            target = source.parent / name
        else:
            (kind, _), = output_names(output.stem, [fmt.lower()])
            target = output
        if os.path.realpath(target) == os.path.realpath(source):
            from routes.errors import OutputError

            raise OutputError(f"{journey_file}: exporting it as {fmt} would overwrite it; "
                              f"give another file with -o.")
        ensure_folder(target.parent)
        written = write_one(j, kind, target, keep=raw)
    except RoutesError as exc:
        _err(str(exc))
        raise typer.Exit(1)
    typer.echo(f"wrote {written}")


if __name__ == "__main__":  # pragma: no cover
    app()
