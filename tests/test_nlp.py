"""The text layer: each language's corpus of sentences, every lexicon entry on generated
examples, and paraphrases that must not change the decision."""

from pathlib import Path

import pytest

from routes.nlp import analyse, frame_for
from routes.nlp.frames import ROLES_OF
from routes.nlp.lexicon import LANG_DIR, LANGUAGES, lexicon, wanted_lemmas


def frame_of(sentence, place, lang="en", news=True):
    start = sentence.index(place)
    return frame_for(analyse(sentence, lang), start, start + len(place), news=news)


def corpus(lang):
    for line in (LANG_DIR / lang / "corpus.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            yield lang, *line.split("\t")


CORPUS = [row for lang in LANGUAGES for row in corpus(lang)]


@pytest.mark.parametrize("lang,sentence,place,frame,role,modality", CORPUS,
                         ids=[f"{r[0]}:{r[1][:40]}" for r in CORPUS])
def test_corpus_sentence_gives_its_frame(lang, sentence, place, frame, role, modality):
    f = frame_of(sentence, place, lang)
    assert (f.frame or "-", f.role, f.modality) == (frame, role, modality)


def _example_role(verb):
    """A role the verb's frame takes, and the words that put the place in it."""
    if verb.object:
        return "object", ""
    for role, prep in (("goal", "to"), ("location", "in"), ("source", "from"), ("path", "through")):
        if role in ROLES_OF.get(verb.frame, ()):
            return role, prep
    return None, None


EN_VERBS = [v for v in lexicon("en").verbs.values() if v.frame in ROLES_OF]


@pytest.mark.parametrize("verb", EN_VERBS, ids=lambda v: v.lemma)
def test_every_english_verb_fires_with_its_sense_and_not_without_it(verb):
    role, prep = _example_role(verb)
    extra = (verb.particles or verb.needs or ("",))[0]
    place = "Lyon"
    if verb.object and verb.needs and not verb.particles:
        place, extra = f"{extra.title()} Lyon", ""  # "doubled Cape Horn": the needed word is in the name
    words = " ".join(w for w in (verb.lemma, extra, prep) if w)
    planned = frame_of(f"Tomorrow she will {words} {place}.", place)
    assert (planned.frame, planned.modality) == (verb.frame, "planned")
    denied = frame_of(f"She did not {words} {place}.", place)
    assert (denied.frame, denied.modality) == (verb.frame, "denied")
    # a capitalised word mid-sentence is a name, not the verb ("March", "Reach Ltd")
    assert frame_of(f"She met {verb.lemma.title()} {prep} Lyon.", "Lyon").frame != verb.frame or prep == "in"
    if verb.particles or verb.needs:
        bare = frame_of(f"She will {' '.join(w for w in (verb.lemma, prep) if w)} Lyon.", "Lyon")
        assert bare.frame != verb.frame or prep in verb.particles + verb.needs


@pytest.mark.parametrize("lemma,idiom", [(k, " ".join(i)) for k, v in lexicon("en").idioms.items() for i in v])
def test_an_idiom_takes_the_verb_its_sense_of_motion(lemma, idiom):
    f = frame_of(f"She will {lemma} {idiom} in Lyon.", "Lyon")
    assert f.frame is None or f.verb != lemma


PAST = {"travel": "travelled", "fly": "flew", "drive": "drove", "head": "headed", "sail": "sailed",
        "go": "went", "ride": "rode", "journey": "journeyed"}
TEMPLATES = {  # tense or modality -> sentence with {past} / {base}, and the expected modality
    "past": ("The minister {past} to Lyon on Monday.", "actual"),
    "perfect": ("The minister has {past} to Lyon.", "actual"),
    "future": ("The minister will {base} to Lyon on Monday.", "planned"),
    "going to": ("The minister is going to {base} to Lyon.", "planned"),
    "expected": ("The minister is expected to {base} to Lyon.", "planned"),
    "plans": ("The minister plans to {base} to Lyon.", "planned"),
    "negated": ("The minister did not {base} to Lyon.", "denied"),
    "never": ("The minister never {past} to Lyon.", "denied"),
    "would": ("The minister said he would {base} to Lyon.", "planned"),
}


@pytest.mark.parametrize("tense", sorted(TEMPLATES))
@pytest.mark.parametrize("verb", sorted(PAST))
def test_paraphrases_of_a_travel_frame_keep_their_decision(tense, verb):
    template, modality = TEMPLATES[tense]
    past = "gone" if verb == "go" and tense == "perfect" else PAST[verb]
    f = frame_of(template.format(past=past, base=verb), "Lyon")
    assert (f.frame, f.role, f.modality) == ("travel", "goal", modality)
    assert f.travels


@pytest.mark.parametrize("sentence,place", [
    ("At the same time, Trump arrived in Hanoi.", "Hanoi"),
    ("Kim's train rolled into Dong Dang.", "Dong Dang"),
    ("Kim's train pulled into Dong Dang.", "Dong Dang"),
    ("Kim's train arrived in Dong Dang.", "Dong Dang"),
    ("Kim's train reached Dong Dang.", "Dong Dang"),
    ("Kim's train made it to Dong Dang.", "Dong Dang"),
    ("Kim showed up in Dong Dang.", "Dong Dang"),
    ("Kim turned up in Dong Dang.", "Dong Dang"),
])
def test_rewordings_of_an_arrival_are_arrivals(sentence, place):
    f = frame_of(sentence, place)
    assert f.frame == "arrive" and f.travels and f.modality == "actual"


def test_a_language_without_a_folder_has_no_rules_and_no_frames():
    lex = lexicon("xx")
    assert not lex.supported
    f = frame_of("Er reiste nach Berlin.", "Berlin", lang="xx")
    assert f.frame is None and not f.travels


def test_every_language_folder_has_a_lexicon_and_a_corpus():
    for lang in LANGUAGES:
        assert lexicon(lang).supported
        assert any(True for _ in corpus(lang))


def test_the_forms_tables_hold_only_lemmas_the_lexicon_uses():
    for lang in LANGUAGES:
        wanted = wanted_lemmas(lang)
        rows = [line.split("\t") for line in (LANG_DIR / lang / "forms.tsv").read_text(encoding="utf-8")
                .splitlines() if line and not line.startswith("#")]
        assert rows and all(lemma in wanted for _, lemma in rows)


def test_a_lexicon_entry_with_an_unknown_frame_is_refused(tmp_path, monkeypatch):
    import routes.nlp.lexicon as lexmod

    (tmp_path / "zz").mkdir()
    (tmp_path / "zz" / "lexicon.toml").write_text('[verbs]\nfoo = { frame = "teleport" }\n', encoding="utf-8")
    monkeypatch.setattr(lexmod, "LANG_DIR", Path(tmp_path))
    lexmod.lexicon.cache_clear()
    try:
        with pytest.raises(ValueError, match="teleport"):
            lexmod.lexicon("zz")
    finally:
        lexmod.lexicon.cache_clear()


def test_the_reason_is_rendered_from_the_fields():
    f = frame_of("He will travel to Mombasa on Friday.", "Mombasa")
    text = "He will travel to Mombasa on Friday."
    assert f.describe(text) == "still to come: travel cue “travel to” (travel: where the move ends)"
