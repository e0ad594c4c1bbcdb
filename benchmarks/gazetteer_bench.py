"""Print the gazetteer's figures: cold lookup, warm lookups, first use, data size, accuracy.

Run: ``.venv/bin/python benchmarks/gazetteer_bench.py`` (machine and date go with the
numbers; the issue's targets are printed beside each figure). Not a test: nothing
here fails, it only measures.
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WARM_RUNS = 5
COLD = ("from gazetteer import Gazetteer; "
        "Gazetteer.default().lookup('Vladivostok')")


def _run(code: str, env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def cold_lookup(runs: int = 7) -> tuple[float, float]:
    """Median wall time of a fresh process doing one lookup, and of bare `python -c pass`."""
    _run(COLD)  # make sure the cache exists
    lookup = statistics.median(_run(COLD) for _ in range(runs))
    bare = statistics.median(_run("pass") for _ in range(runs))
    return lookup, bare


def cli_geocode(runs: int = 5) -> float | None:
    exe = Path(sys.executable).with_name("routes")
    if not exe.exists():
        return None
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(exe), "geocode", "Vladivostok"], cwd=ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def first_use(runs: int = 3) -> float:
    """Median wall time of a process whose cache directory is empty (unpack + lookup)."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, ROUTES_CACHE_DIR=tmp)
            times.append(_run(COLD, env))
    return statistics.median(times)


def warm_lookups(n: int = 10_000, distinct: bool = False) -> tuple[float, int]:
    """Seconds for ``n`` lookups of names drawn at random from the gazetteer itself.

    A name of several places is drawn more often (about 6% of the draws repeat an
    earlier name, and the gazetteer keeps its answers); ``distinct`` draws ``n``
    different names, so every lookup does the whole work.
    """
    sys.path.insert(0, str(ROOT))
    from gazetteer import Gazetteer

    gaz = Gazetteer()  # a fresh instance: no answers kept from an earlier run
    gaz.lookup("Vladivostok")  # the first lookup opens the files
    rng = random.Random(3)
    places = gaz._data.places
    size = len(places)
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        offset = places.find(b"\n", rng.randrange(size)) + 1
        if 0 < offset < size:
            name = places[offset:places.find(b"\n", offset)].decode().split("\t")[1]
            if distinct and name in seen:
                continue
            seen.add(name)
            names.append(name)
    start = time.perf_counter()
    hits = sum(1 for name in names if gaz.lookup(name, limit=5))
    return time.perf_counter() - start, hits


def data_size() -> int:
    return sum(p.stat().st_size for p in (ROOT / "gazetteer" / "data").iterdir())


def accuracy() -> tuple[int, int]:
    sys.path.insert(0, str(ROOT / "tests"))
    from test_gazetteer_names import NAMES
    from gazetteer import Gazetteer
    from gazetteer._gazetteer import distance_m

    gaz = Gazetteer.default()
    good = 0
    for name, lat, lon, _ in NAMES:
        found = gaz.lookup(name, limit=1)
        if found and distance_m(lat, lon, found[0].place.lat, found[0].place.lon) <= 25_000:
            good += 1
    return good, len(NAMES)


def main() -> None:
    print(f"machine: {platform.machine()} {os.cpu_count()} CPU, Python "
          f"{platform.python_version()}, {platform.platform()}")
    lookup, bare = cold_lookup()
    print(f"cold process, one lookup:       {lookup:.3f} s median "
          f"(bare `python -c pass`: {bare:.3f} s; target < 0.3 s)")
    cli = cli_geocode()
    if cli is not None:
        print(f"`routes geocode Vladivostok`:   {cli:.3f} s median (target <= 0.3 s)")
    print(f"first use, empty cache:         {first_use():.3f} s median "
          "(unpack + lookup; target <= 2 s)")
    # The machine is shared and noisy: each figure is the median of 5 runs (each on
    # a fresh Gazetteer), with the fastest and slowest run beside it.
    runs = [warm_lookups() for _ in range(WARM_RUNS)]
    seconds = sorted(s for s, _ in runs)
    print(f"10,000 random-name lookups:     {statistics.median(seconds):.3f} s median after "
          f"the first ({seconds[0]:.3f}-{seconds[-1]:.3f} in {WARM_RUNS} runs; "
          f"{runs[0][1]} found; target < 0.5 s)")
    runs = [warm_lookups(distinct=True) for _ in range(WARM_RUNS)]
    seconds = sorted(s for s, _ in runs)
    print(f"10,000 distinct-name lookups:   {statistics.median(seconds):.3f} s median after "
          f"the first ({seconds[0]:.3f}-{seconds[-1]:.3f}; {runs[0][1]} found; no repeats, "
          "so no kept answers)")
    print(f"bundled data (gazetteer/data):  {data_size() / 1e6:.1f} MB (target <= 25 MB)")
    good, total = accuracy()
    print(f"top-1 within 25 km:             {good}/{total} = {good / total:.1%} "
          "(target >= 95%)")


if __name__ == "__main__":
    main()
