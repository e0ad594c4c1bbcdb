"""How often each extraction rejection rule removes a span that the gold corpus calls a toponym.

    .venv/bin/python benchmarks/geoparse_rejections.py lgl [--show REASON]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
EVAL = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "eval", "geoparse"))


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", choices=["lgl", "geovirus"])
    ap.add_argument("--show", default="", help="print examples of rejections whose reason contains this")
    ap.add_argument("--limit", type=int)
    args = ap.parse_args(argv)
    sys.path.insert(0, EVAL)
    import load

    from gazetteer import Gazetteer
    from routes.extract import Extractor
    from routes.read import document_from_text

    gaz = Gazetteer.default()
    total, gold_hits = Counter(), Counter()
    examples = defaultdict(list)
    docs = list(load.load(args.corpus))[: args.limit or None]
    for doc_id, text, gold in docs:
        ex = Extractor(gaz)
        ex.rejected = []
        ex.extract(document_from_text(text, doc_id=str(doc_id)))
        for start, end, surface, why in ex.rejected:
            is_gold = any(gs < end and start < ge for gs, ge, *_ in gold)
            total[why] += 1
            gold_hits[why] += is_gold
            if args.show and args.show in why:
                examples[why].append(("GOLD " if is_gold else "     ") + text[max(0, start - 50):start].replace("\n", " ")
                                     + "[" + surface + "]" + text[end:end + 40].replace("\n", " "))
    for why, n in total.most_common():
        print(f"{gold_hits[why]:5d}/{n:<5d} {why}")
    for why, rows in examples.items():
        print("\n== " + why)
        for r in rows[:80]:
            print(r)


if __name__ == "__main__":
    main()
