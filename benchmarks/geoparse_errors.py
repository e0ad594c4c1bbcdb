"""Print a geoparsing error analysis: missed spans, false spans, wrong resolutions.

Runs the extract + resolve stages in-process over a gold corpus (LGL or GeoVirus,
loaded by ``../shared/eval/geoparse/load.py``) and scores them the same way as
``score.py`` (loose span overlap, acc@161 km), then lists the errors with their
context, most frequent surfaces first.

    .venv/bin/python benchmarks/geoparse_errors.py lgl --limit 200
    .venv/bin/python benchmarks/geoparse_errors.py geovirus --show wrong --top 60
    .venv/bin/python benchmarks/geoparse_errors.py lgl --summary   # figures only
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
EVAL = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "eval", "geoparse"))


def _haversine_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _context(text, start, end, width=60):
    left = text[max(0, start - width):start].replace("\n", " ")
    right = text[end:end + width].replace("\n", " ")
    return f"...{left}[{text[start:end]}]{right}..."


def analyse(corpus: str, limit=None, eval_dir=EVAL):
    sys.path.insert(0, eval_dir)
    import load  # the scorer's own loader

    from gazetteer import Gazetteer
    from routes.api import extract
    from routes.read import document_from_text

    gaz = Gazetteer.default()
    docs = list(load.load(corpus))
    if limit:
        docs = docs[:limit]
    missed, false, wrong = [], [], []
    n_pred = n_gold = tp = n_coord = e2e = res_n = res_ok = 0
    chars = 0
    t0 = time.perf_counter()
    for doc_id, text, gold in docs:
        chars += len(text)
        doc = document_from_text(text, path=str(doc_id), doc_id=str(doc_id))
        preds = extract(doc, gazetteer=gaz)
        n_pred += len(preds)
        n_gold += len(gold)
        used = set()
        for gs, ge, surface, glat, glon, _gid in gold:
            best = None
            for j, m in enumerate(preds):
                if j in used or not (gs < m.end and m.start < ge):
                    continue
                if best is None or (m.start, m.end) == (gs, ge):
                    best = j
            if best is None:
                missed.append((surface, doc_id, _context(text, gs, ge)))
            else:
                used.add(best)
                tp += 1
            if glat is None or glon is None:
                continue
            n_coord += 1
            if best is None or preds[best].place is None:
                continue
            m = preds[best]
            d = _haversine_km(glat, glon, m.lat, m.lon)
            res_n += 1
            if d <= 161:
                res_ok += 1
                e2e += 1
            else:
                p = m.place
                wrong.append((surface, doc_id,
                              f"{d:.0f} km: chose {p.name} ({p.country_code} {p.admin1} {p.kind} "
                              f"pop {p.population}) gold ({glat:.2f}, {glon:.2f}); {m.reason}",
                              _context(text, gs, ge)))
        for j, m in enumerate(preds):
            if j not in used:
                false.append((m.text, doc_id, f"{m.kind} {m.reason}", _context(text, m.start, m.end)))
    secs = time.perf_counter() - t0
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    summary = {"corpus": corpus, "docs": len(docs), "P": p, "R": r, "F1": f,
               "acc161_e2e": e2e / n_coord if n_coord else 0.0,
               "acc161_res": res_ok / res_n if res_n else 0.0, "chars_per_s": chars / secs}
    return summary, missed, false, wrong


def _print_group(title, rows, top, examples):
    counts = Counter(r[0] for r in rows)
    by_surface = defaultdict(list)
    for r in rows:
        by_surface[r[0]].append(r)
    print(f"\n== {title}: {len(rows)} ({len(counts)} distinct)")
    for surface, n in counts.most_common(top):
        print(f"{n:4d}  {surface}")
        for r in by_surface[surface][:examples]:
            print("        " + "  ".join(str(x) for x in r[1:]))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", choices=["lgl", "geovirus"])
    ap.add_argument("--limit", type=int)
    ap.add_argument("--top", type=int, default=40, help="distinct surfaces to list per group")
    ap.add_argument("--examples", type=int, default=2, help="contexts per surface")
    ap.add_argument("--show", nargs="*", default=["missed", "false", "wrong"])
    ap.add_argument("--summary", action="store_true", help="print the figures only")
    args = ap.parse_args(argv)
    summary, missed, false, wrong = analyse(args.corpus, args.limit)
    if not args.summary:
        if "missed" in args.show:
            _print_group("missed gold spans", missed, args.top, args.examples)
        if "false" in args.show:
            _print_group("false spans", false, args.top, args.examples)
        if "wrong" in args.show:
            _print_group("wrong resolutions (> 161 km)", wrong, args.top, args.examples)
    print("\n" + " ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in summary.items()))


if __name__ == "__main__":
    main()
