"""In-process geoparsing throughput: routes (extract + resolve) against geotext, same text, same run.

Both parsers see the raw text of every LGL document (``../shared/eval/geoparse``),
after one warm-up document each (geotext builds its index at import time, the
gazetteer unpacks and maps its files on first use: start-up is not counted for
either). Prints characters per second for each and the ratio routes / geotext.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/geoparse_speed.py            # LGL
    .venv/bin/python benchmarks/geoparse_speed.py geovirus --repeat 3
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
EVAL = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "eval", "geoparse"))


def _best_of(repeat, fn, texts):
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", default="lgl", choices=["lgl", "geovirus"])
    ap.add_argument("--repeat", type=int, default=3, help="passes over the corpus; the fastest counts")
    args = ap.parse_args(argv)
    sys.path.insert(0, EVAL)
    import load

    from geotext import GeoText

    from gazetteer import Gazetteer
    from routes.api import extract
    from routes.read import document_from_text

    texts = [text for _doc_id, text, _gold in load.load(args.corpus)]
    chars = sum(len(t) for t in texts)
    gaz = Gazetteer.default()

    def run_routes(text):
        return extract(document_from_text(text), gazetteer=gaz)

    def run_geotext(text):
        return GeoText(text).cities

    run_routes(texts[0])
    run_geotext(texts[0])
    routes_s = _best_of(args.repeat, run_routes, texts)
    geotext_s = _best_of(args.repeat, run_geotext, texts)
    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}")
    print(f"{args.corpus}: {len(texts)} documents, {chars:,} characters, best of {args.repeat}")
    print(f"routes  {chars / routes_s:12,.0f} chars/s  ({routes_s:.2f} s)")
    print(f"geotext {chars / geotext_s:12,.0f} chars/s  ({geotext_s:.2f} s)")
    print(f"ratio routes/geotext: {geotext_s / routes_s:.2f}")


if __name__ == "__main__":
    main()
