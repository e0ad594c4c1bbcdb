"""Print journey-map sizes (offline and online) and cold build time against a bare import.

    .venv/bin/python benchmarks/map_size_and_time.py [--runs 5]

Targets (issue 7): offline seed map under 1.5 MB; `routes build` on both seeds, cold
(a fresh process each run), at most 1.5x the time of
`python -c "import folium, pyproj, shapely, geopy, typer"` measured in the same run.
Medians of ``--runs`` runs; the bare import and the build alternate, one of each per
round, and the verdict uses the median of the per-round ratios, so load that comes and
goes on a shared machine slows both sides of a ratio alike. Set
PYTHONDONTWRITEBYTECODE=1 (and remove ``routes/__pycache__``) to time the build with
our modules compiled each run. When `routes build` cannot build the seeds (the CLI or
gazetteer unfinished), the script says so and times, in a fresh process, `write_map`
of two hand-made journeys (Pyongyang -> Khasan -> Vladivostok -> Russky Island, and
Vladivostok -> Anchorage) instead, which is the rendering part of a build.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BARE = "import folium, pyproj, shapely, geopy, typer"


def _time(cmd: list[str], runs: int) -> tuple[float, subprocess.CompletedProcess]:
    times, done = [], None
    env = dict(os.environ, PYTHONPATH=str(REPO))
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            break
    return statistics.median(times), done


def _time_pairs(bare_cmd: list[str], cmd: list[str], runs: int):
    """Return (median bare s, median cmd s, median of per-round cmd/bare, last cmd result),
    running the two commands alternately."""
    bare_times, times, done = [], [], None
    for _ in range(runs):
        bare, _ = _time(bare_cmd, 1)
        took, done = _time(cmd, 1)
        bare_times.append(bare)
        times.append(took)
        if done.returncode != 0:
            break
    ratios = [t / b for t, b in zip(times, bare_times)]
    return statistics.median(bare_times), statistics.median(times), statistics.median(ratios), done


def _sample_journeys():
    from routes.geometry import build_legs
    from routes.model import Evidence, Journey, Place, Stop

    def place(pid, name, lat, lon, cc):
        return Place(id=pid, name=name, lat=lat, lon=lon, country_code=cc)

    def ev(quote):
        return (Evidence(doc_id="bench", path="bench.txt", start=0, end=len(quote), quote=quote),)

    kim = (
        Stop(place("1871859", "Pyongyang", 39.0392, 125.7625, "KP"), 1, role="origin", inferred=True),
        Stop(place("2039557", "Khasan", 42.4308, 130.6434, "RU"), 2, mode_in="train", evidence=ev("At Khasan.")),
        Stop(place("2013348", "Vladivostok", 43.1056, 131.8735, "RU"), 3, mode_in="train", evidence=ev("In Vladivostok.")),
        Stop(place("2017000", "Russky Island", 43.02, 131.85, "RU"), 4, role="destination", planned=True,
             mode_in="road", evidence=ev("Talks on Russky Island.")),
    )
    pacific = (
        Stop(place("2013348", "Vladivostok", 43.1056, 131.8735, "RU"), 1, role="origin", evidence=ev("Left Vladivostok.")),
        Stop(place("5879400", "Anchorage", 61.2181, -149.9003, "US"), 2, role="destination", mode_in="air",
             evidence=ev("Landed in Anchorage.")),
    )
    return {name: Journey(title=name, stops=stops, legs=build_legs(stops))
            for name, stops in (("kim", kim), ("pacific", pacific))}


def _child(out_dir: str, offline: bool) -> None:
    """Run in a fresh process: write the sample maps (the fallback build)."""
    from routes.render import write_map

    for name, journey in _sample_journeys().items():
        write_map(journey, Path(out_dir) / f"{name}.html", offline=offline)


def _sizes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_size for p in sorted(folder.glob("*.html")) if ".embed." not in p.name}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", nargs=2, metavar=("OUT_DIR", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], args.child[1] == "offline")
        return 0

    py = sys.executable
    print(f"machine: {platform.machine()}, {os.cpu_count()} cpus, Python {platform.python_version()}, "
          f"{platform.platform()}")
    bare_cmd = [py, "-c", BARE]

    with tempfile.TemporaryDirectory() as tmp:
        offline_dir, online_dir = Path(tmp, "offline"), Path(tmp, "online")
        cli = [py, "-m", "routes", "build", "seeds", "-o"]
        bare, build, ratio, done = _time_pairs(bare_cmd, cli + [str(offline_dir)], args.runs)
        what = "routes build seeds (offline, default)"
        if done.returncode != 0 or not _sizes(offline_dir):
            last = (done.stderr.strip().splitlines() or ["no map written"])[-1]
            print(f"routes build could not build the seeds ({last}); "
                  "timing write_map of two hand-made journeys in a fresh process instead")
            me = [py, str(Path(__file__).resolve()), "--child"]
            bare, build, ratio, done = _time_pairs(bare_cmd, me + [str(offline_dir), "offline"], args.runs)
            if done.returncode != 0:
                print(done.stderr)
                return 1
            _time(me + [str(online_dir), "online"], 1)
            what = "write_map of 2 hand-made journeys (offline)"
        else:
            _time(cli + [str(online_dir), "--online"], 1)
        bytecode = "not written (PYTHONDONTWRITEBYTECODE set)" if os.environ.get("PYTHONDONTWRITEBYTECODE") \
            else "cached when present"
        print(f"bare import ({BARE!r}): median {bare:.3f} s over {args.runs} runs")
        print(f"{what}: median {build:.3f} s cold (bytecode {bytecode}); ratio to bare import: "
              f"{ratio:.2f}x median of per-round ratios, {build / bare:.2f}x of medians "
              f"(target <= 1.5x: {'met' if ratio <= 1.5 else 'NOT met'})")
        if what.startswith("routes build"):
            # where the time goes: the same build without maps, and folium's import alone
            no_maps, _ = _time(cli + [str(Path(tmp, "json")), "--format", "json"], args.runs)
            folium_only, _ = _time([py, "-c", "import folium"], args.runs)
            print(f"  same build writing journey JSON only (no map, no folium): median {no_maps:.3f} s")
            print(f"  'import folium' alone: median {folium_only:.3f} s")
            print(f"  => drawing the maps beyond importing folium: about "
                  f"{build - no_maps - folium_only:+.3f} s for {len(_sizes(offline_dir))} maps")
        for label, folder in (("offline", offline_dir), ("online", online_dir)):
            for name, size in _sizes(folder).items():
                note = f" (target < 1.5 MB: {'met' if size < 1_500_000 else 'NOT met'})" if label == "offline" else ""
                print(f"{label:8s} {name:40s} {size / 1e6:7.3f} MB{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
