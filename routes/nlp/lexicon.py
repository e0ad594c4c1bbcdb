"""A language's rules as data: ``lang/<lang>/lexicon.toml`` and its ``forms.tsv``.

Adding a verb is one line in the TOML file (then ``python -m routes.nlp.build_forms``);
adding a language is a folder. Nothing here knows any word: it only reads the files.
A language without a folder gets the empty lexicon, so the stages that do not need
words (gazetteer, dates, datelines, lists) still run.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

LANG_DIR = Path(__file__).resolve().parent / "lang"
LANGUAGES = ("en", "de", "fr")
FRAMES = ("arrive", "depart", "travel", "pass", "stay", "visit", "return", "meet", "convey", "send", "say")
ROLES = ("goal", "source", "path", "location", "object")


@dataclass(frozen=True, slots=True)
class Verb:
    """A verb of the lexicon: its frame and what it needs to have that sense."""

    lemma: str
    frame: str
    object: bool = False  # the place may be its direct object
    particles: tuple[str, ...] = ()  # the sense needs one of these right after the verb
    needs: tuple[str, ...] = ()  # ... or one of these within three tokens
    reflexive: bool = False  # ... or its reflexive pronoun before it ("se rendre")


@dataclass(frozen=True)
class Lexicon:
    """Every word list of one language, looked up by lemma."""

    language: str
    verbs: dict[str, Verb] = field(default_factory=dict)
    idioms: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    nouns: dict[str, str] = field(default_factory=dict)
    prepositions: dict[tuple[str, ...], str] = field(default_factory=dict)
    motion_only: frozenset[str] = frozenset()
    determiners: frozenset[str] = frozenset()
    features: frozenset[str] = frozenset()
    of: frozenset[str] = frozenset()
    markers: dict[str, frozenset[str]] = field(default_factory=dict)
    phrases: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    modes: dict[str, str] = field(default_factory=dict)
    separable: frozenset[str] = frozenset()
    verb_final: bool = False
    capitalised_nouns: bool = False  # German writes every noun with a capital: not a sign of a name
    tense: dict = field(default_factory=dict)
    forms: dict[str, str] = field(default_factory=dict)
    participle_prefix: str = ""  # German "ge-": "gefahren" is a form of "fahren"

    @property
    def supported(self) -> bool:
        return bool(self.verbs)

    def lemma(self, lower: str) -> str:
        """The lemma of a lower-cased word (the word itself when the lexicon has no other)."""
        lemma = self.forms.get(lower)
        if lemma is not None:
            return lemma
        pre = self.participle_prefix
        if pre:
            for particle in self.separable:  # "eingetroffen" -> "ein" + "getroffen" -> "eintreffen"
                if lower.startswith(particle + pre) and len(lower) > len(particle) + len(pre) + 3:
                    joined = particle + self.lemma(lower[len(particle):])
                    if joined in self.verbs:
                        return joined
        if pre and lower.startswith(pre) and len(lower) > len(pre) + 3:
            stem = lower[len(pre):]  # "gefahren" -> "fahren", "gereist" -> "reist" -> "reisen"
            lemma = self.forms.get(stem, stem)
            if lemma in self.verbs:
                return lemma
        return lower

    def marker(self, name: str) -> frozenset[str]:
        return self.markers.get(name, frozenset())

    @property
    def max_preposition(self) -> int:
        return max((len(k) for k in self.prepositions), default=1)


def _words(value) -> tuple[str, ...]:
    return tuple(str(value).lower().split())


def _load_toml(lang: str) -> dict:
    path = LANG_DIR / lang / "lexicon.toml"
    with path.open("rb") as fh:
        return tomllib.load(fh)


def wanted_lemmas(lang: str) -> set[str]:
    """Every lemma the lexicon of ``lang`` looks up (for the forms table)."""
    data = _load_toml(lang)
    out = set(data.get("verbs", {})) | set(data.get("nouns", {}))
    markers = data.get("markers", {})
    for key in ("plan_verbs", "cancel", "metonymy_verbs", "negation", "vehicles", "provenance_nouns",
                "metonymy_nouns"):
        out.update(w for w in markers.get(key, []) if " " not in w)
    for words in data.get("modes", {}).values():
        out.update(words)
    return {w.lower() for w in out}


@lru_cache(maxsize=None)
def lexicon(lang: str) -> Lexicon:
    """The lexicon of ``lang``, read once; the empty one for a language without a folder."""
    if not (LANG_DIR / lang / "lexicon.toml").is_file():
        return Lexicon(language=lang)
    data = _load_toml(lang)
    forms: dict[str, str] = {}
    forms_path = LANG_DIR / lang / "forms.tsv"
    if forms_path.is_file():
        for line in forms_path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                form, _, lemma = line.partition("\t")
                forms[form] = lemma
    for lemma, extra in data.get("forms", {}).items():
        for form in extra:
            forms[form.lower()] = lemma.lower()
    verbs = {}
    for lemma, spec in data.get("verbs", {}).items():
        if spec["frame"] not in FRAMES:
            raise ValueError(f"{lang}/lexicon.toml: verb {lemma!r} has an unknown frame {spec['frame']!r}")
        verbs[lemma.lower()] = Verb(lemma=lemma.lower(), frame=spec["frame"], object=spec.get("object", False),
                                    particles=tuple(p.lower() for p in spec.get("particles", ())),
                                    needs=tuple(n.lower() for n in spec.get("needs", ())),
                                    reflexive=spec.get("reflexive", False))
    preps = {}
    for words, role in data.get("prepositions", {}).items():
        if role not in ROLES:
            raise ValueError(f"{lang}/lexicon.toml: preposition {words!r} has an unknown role {role!r}")
        preps[_words(words)] = role
    markers, phrases = {}, {}
    for name, words in data.get("markers", {}).items():
        markers[name] = frozenset(w.lower() for w in words if " " not in w)
        phrases[name] = tuple(_words(w) for w in words if " " in w)
    np_ = data.get("noun_phrase", {})
    modes = {w.lower(): mode for mode, words in data.get("modes", {}).items() for w in words}
    return Lexicon(
        language=lang, verbs=verbs,
        idioms={k.lower(): tuple(_words(v) for v in vs) for k, vs in data.get("idioms", {}).items()},
        nouns={k.lower(): v for k, v in data.get("nouns", {}).items()},
        prepositions=preps, motion_only=frozenset(data.get("motion_only", {}).get("words", ())),
        determiners=frozenset(np_.get("determiners", ())), features=frozenset(np_.get("features", ())),
        of=frozenset(np_.get("of", ())), markers=markers, phrases=phrases, modes=modes,
        separable=frozenset(data.get("separable", {}).get("particles", ())),
        verb_final=data.get("verb_final", False), capitalised_nouns=data.get("capitalised_nouns", False), tense=data.get("tense", {}), forms=forms,
        participle_prefix=data.get("participle_prefix", ""))
