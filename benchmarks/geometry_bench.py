"""Time drawing and exporting a 1,000-stop journey of random places.

Run:  .venv/bin/python benchmarks/geometry_bench.py [--stops 1000] [--runs 5] [--seed 1]

Prints the median of ``--runs`` runs for: drawing the legs (build_legs), each export
format (dumps, legs already drawn), and drawing + exporting together. The target of
issue 6 is under 0.5 s for densify + export of 1,000 stops, in-process.
Random places are uniform on the sphere, so legs average ~10,000 km (the worst case
for vertex count); a real journey's legs are much shorter.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

import numpy as np

from routes.export import FORMATS, dumps
from routes.export._common import prepared
from routes.geometry import build_legs
from routes.model import Journey, Place, Stop


def random_journey(n: int, seed: int) -> Journey:
    rng = np.random.default_rng(seed)
    lat = np.degrees(np.arcsin(rng.uniform(-1, 1, n)))  # uniform on the sphere
    lon = rng.uniform(-180, 180, n)
    modes = ("train", "road", "air", "sea", "foot", "unknown")
    stops = tuple(Stop(Place(f"p{i}", f"Place {i}", float(lat[i]), float(lon[i])), i + 1,
                       mode_in=modes[i % len(modes)], planned=i % 7 == 0,
                       date=f"2019-04-{1 + i % 28:02d}")
                  for i in range(n))
    return Journey("benchmark", stops)


def median_s(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stops", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    journey = random_journey(args.stops, args.seed)
    build_legs(journey.stops)  # warm-up: pyproj's Geod and imports
    legs = build_legs(journey.stops)
    drawn = Journey(journey.title, journey.stops, legs)
    vertices = sum(len(leg.geometry.coords) for leg in legs)
    total_km = sum(leg.distance_m for leg in legs) / 1000

    print(f"machine: {platform.machine()} {platform.processor() or ''} x{os.cpu_count()}, "
          f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.2f}")
    print(f"journey: {args.stops} stops, {len(legs)} legs, {vertices} vertices, "
          f"{total_km:,.0f} km; median of {args.runs} runs")
    t_legs = median_s(lambda: build_legs(journey.stops), args.runs)
    print(f"  densify (build_legs)            {t_legs * 1000:8.1f} ms")
    t_prep = median_s(lambda: prepared(drawn), args.runs)
    print(f"  check + antimeridian split      {t_prep * 1000:8.1f} ms   (inside every export)")
    for fmt in FORMATS:
        dumps(drawn, fmt)  # warm-up (lazy imports)
        t_fmt = median_s(lambda fmt=fmt: dumps(drawn, fmt), args.runs)
        # from stops alone: dumps draws the legs itself, then writes
        t_all = median_s(lambda fmt=fmt: dumps(journey, fmt), args.runs)
        size = len(dumps(drawn, fmt).encode()) / 1e6
        flag = "ok" if t_all < 0.5 else "OVER 0.5 s"
        print(f"  export {fmt:<8} {t_fmt * 1000:8.1f} ms   densify+export {t_all * 1000:8.1f} ms"
              f"  {size:6.2f} MB  {flag}")


if __name__ == "__main__":
    main()
