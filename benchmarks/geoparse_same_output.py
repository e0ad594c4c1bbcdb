"""Check that a speed change leaves the geoparser's output unchanged.

Runs read + extract + resolve in-process on every LGL and GeoVirus document, the
journey texts (``../shared/eval/journeys``), HTML-wrapped copies of the journey
texts and one long concatenated document, and writes every field of every
mention (sentence, candidates, scores, reasons) plus each document's id and
title, one JSON line per document.

    .venv/bin/python benchmarks/geoparse_same_output.py --record /tmp/geo_ref.jsonl   # before
    .venv/bin/python benchmarks/geoparse_same_output.py --compare /tmp/geo_ref.jsonl  # after

``--compare`` prints the first differences and exits 1 when there are any.
"""

from __future__ import annotations

import argparse
import glob
import html
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "eval"))


def corpus() -> list[tuple[str, str, str]]:
    """(name, path given to the reader, text) for every document checked."""
    sys.path.insert(0, os.path.join(SHARED, "geoparse"))
    import load

    out = []
    for name in ("lgl", "geovirus"):
        for doc_id, text, _gold in load.load(name):
            out.append((f"{name}/{doc_id}", "<text>", text))
    journeys = sorted(glob.glob(os.path.join(SHARED, "journeys", "*", "*.txt")))
    for p in journeys:
        text = open(p, encoding="utf-8").read()
        rel = os.path.relpath(p, SHARED)
        out.append((rel, p, text))
        page = f"<!DOCTYPE html><html><head><title>{html.escape(rel)}</title></head><body>" + "".join(
            f"<p>{html.escape(para)}</p>" for para in text.split("\n\n")) + "</body></html>"
        out.append((rel + ".html", p + ".html", page))
    long = "\n\n".join(t for _n, _p, t in out[:200])
    out.append(("long/first-200", "long.txt", long))
    return out


def _cand(c) -> list:
    return [c.place.id, c.place.name, c.score, c.reason]


def run(docs) -> list[dict]:
    from gazetteer import Gazetteer
    from routes.api import extract
    from routes.read import document_from_text

    gaz = Gazetteer.default()
    rows = []
    for name, path, text in docs:
        doc = document_from_text(text, path)
        ms = extract(doc, gazetteer=gaz)
        rows.append({
            "doc": name, "id": doc.id, "title": doc.title, "len": len(doc.text),
            "offsets": None if doc.source_offsets is None else hash(doc.source_offsets),
            "mentions": [[m.doc_id, m.start, m.end, m.text, m.sentence, m.sentence_start, m.kind,
                          m.place.id if m.place else None, [_cand(c) for c in m.candidates],
                          m.confidence, m.reason] for m in ms],
        })
    return rows


def compare(ref: list[dict], new: list[dict], show: int = 10) -> int:
    diffs = 0
    by_name = {r["doc"]: r for r in new}
    for r in ref:
        n = by_name.get(r["doc"])
        if n == r:
            continue
        diffs += 1
        if diffs > show:
            continue
        print(f"--- {r['doc']}")
        if n is None:
            print("   missing")
            continue
        for key in ("id", "title", "len", "offsets"):
            if r[key] != n[key]:
                print(f"   {key}: {r[key]!r} -> {n[key]!r}")
        a, b = r["mentions"], n["mentions"]
        sa = {tuple(map(json.dumps, m)) for m in a}
        sb = {tuple(map(json.dumps, m)) for m in b}
        for m in a:
            if tuple(map(json.dumps, m)) not in sb:
                print("   - " + json.dumps(m, ensure_ascii=False)[:400])
        for m in b:
            if tuple(map(json.dumps, m)) not in sa:
                print("   + " + json.dumps(m, ensure_ascii=False)[:400])
    print(f"{len(ref)} documents, {diffs} differ")
    return diffs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--record", metavar="JSONL")
    g.add_argument("--compare", metavar="JSONL")
    args = ap.parse_args(argv)
    docs = corpus()
    t0 = time.perf_counter()
    rows = run(docs)
    # Twice: caches shared across documents must not change the answers.
    rows2 = run(docs)
    print(f"{len(docs)} documents in {time.perf_counter() - t0:.1f} s (two passes)")
    if rows2 != rows:
        print("the second pass differs from the first:")
        compare(rows, rows2)
        return 1
    if args.record:
        with open(args.record, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        return 0
    with open(args.compare, encoding="utf-8") as f:
        ref = [json.loads(line) for line in f]
    rows = json.loads(json.dumps(rows))  # tuples to lists, as the record has them
    return 1 if compare(ref, rows) else 0


if __name__ == "__main__":
    sys.exit(main())
