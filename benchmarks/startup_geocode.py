"""Print where the cold start of `routes geocode Vladivostok` goes, against its floors.

    .venv/bin/python benchmarks/startup_geocode.py [--runs 9]

Target (issue 3): at most 0.3 s wall for a fresh `routes geocode Vladivostok`. Every
command below runs in a fresh process, interleaved run by run so that the noise of a
shared machine falls on all of them alike; medians are printed. The floors:

- ``python -c pass``: the interpreter alone;
- ``import typer``: the CLI framework's import;
- a bare typer app with the same six parameters as ``geocode`` whose command does
  nothing: what any typer command costs here (typer >= 0.20 coerces every parameter
  through a pydantic ``TypeAdapter``, so pydantic is imported by every invocation);
- one gazetteer lookup without the CLI (``from gazetteer import Gazetteer``).

Not a test: nothing here fails, it only measures.
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

ROOT = Path(__file__).resolve().parents[1]

BARE_APP = '''
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

app = typer.Typer(add_completion=False)


class Fmt(str, Enum):
    json = "json"
    table = "table"


@app.command()
def geocode(name: str = typer.Argument(...), country: Optional[str] = typer.Option(None),
            kind: Optional[str] = typer.Option(None), limit: int = typer.Option(5, min=1),
            fmt: Fmt = typer.Option(Fmt.json), places: List[Path] = typer.Option([])) -> None:
    pass


@app.command()
def other() -> None:
    pass


app()
'''


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    py = sys.executable
    routes_exe = Path(py).with_name("routes")
    with tempfile.TemporaryDirectory() as tmp:
        app_file = Path(tmp, "bare_typer_app.py")
        app_file.write_text(BARE_APP, encoding="utf-8")
        commands = {
            "python -c pass": [py, "-c", "pass"],
            "python -c 'import typer'": [py, "-c", "import typer"],
            "bare typer app, geocode's 6 parameters": [py, str(app_file), "geocode", "Vladivostok"],
            "one gazetteer lookup, no CLI": [py, "-c", "from gazetteer import Gazetteer; "
                                             "Gazetteer.default().lookup('Vladivostok')"],
            "routes geocode Vladivostok": [str(routes_exe), "geocode", "Vladivostok"],
        }
        subprocess.run(commands["one gazetteer lookup, no CLI"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # cache exists
        times: dict[str, list[float]] = {label: [] for label in commands}
        for _ in range(args.runs):
            for label, cmd in commands.items():
                start = time.perf_counter()
                subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
                times[label].append(time.perf_counter() - start)
    medians = {label: statistics.median(ts) for label, ts in times.items()}
    print(f"machine: {platform.machine()}, {os.cpu_count()} cpus, Python "
          f"{platform.python_version()}, {platform.platform()}; load average "
          f"{os.getloadavg()[0]:.2f}; PYTHONDONTWRITEBYTECODE="
          f"{os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}")
    for label, median in medians.items():
        print(f"{label:42s} median {median:.3f} s  (min {min(times[label]):.3f}, {args.runs} runs)")
    geocode = medians["routes geocode Vladivostok"]
    floor = medians["bare typer app, geocode's 6 parameters"]
    print(f"routes geocode: {geocode:.3f} s (target <= 0.3 s: "
          f"{'met' if geocode <= 0.3 else 'NOT met'}); above the bare typer app: "
          f"{geocode - floor:+.3f} s; the typer app alone is {floor / 0.3:.0%} of the target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
