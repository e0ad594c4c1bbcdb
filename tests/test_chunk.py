"""Long texts are geoparsed in chunks: the pieces cover the text, end at breaks, and the
mentions keep offsets into the whole text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer import Gazetteer
from routes.chunk import chunk_bounds, iter_mentions
from routes.extract import Extractor
from routes.read import document_from_text
from routes.resolve import Resolver


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab .\n!?", max_size=400), st.integers(min_value=2, max_value=60))
def test_chunks_cover_the_text_in_order_within_the_size(text, size):
    bounds = list(chunk_bounds(text, size))
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    for (a, b), (c, _d) in zip(bounds, bounds[1:]):
        assert b == c
    assert all(0 < b - a <= size for a, b in bounds) or text == ""


def test_a_chunk_ends_at_a_paragraph_before_a_sentence():
    para = "Alpha went to Oslo. " * 10 + "\n\n"
    text = para * 5
    for start, end in chunk_bounds(text, 700):
        if end < len(text):
            assert text[end - 2:end] == "\n\n"


def test_a_chunk_ends_at_a_sentence_when_there_is_no_paragraph():
    text = "Alpha went to Oslo and then on to Bergen. " * 100
    for start, end in chunk_bounds(text, 500):
        if end < len(text):
            assert text[:end].rstrip().endswith(".")


def test_a_text_without_whitespace_is_cut_at_the_size():
    assert list(chunk_bounds("x" * 25, 10)) == [(0, 10), (10, 20), (20, 25)]


def test_a_short_text_is_one_chunk_read_exactly_as_a_whole():
    text = "Kim Jong Un left Pyongyang by train and crossed into Russia at Khasan."
    doc = document_from_text(text)
    gaz = Gazetteer.default()
    whole = Resolver(gaz).resolve(Extractor(gaz).extract(doc), doc.text)
    assert [m for ms in iter_mentions(doc, gaz) for m in ms] == whole


def test_mentions_of_later_chunks_point_into_the_whole_text():
    story = ("The delegation flew from Berlin to Warsaw on Monday. "
             "On Tuesday it drove on to Vilnius, near the border with Belarus.\n\n")
    text = story * 40
    doc = document_from_text(text)
    chunks = list(iter_mentions(doc, Gazetteer.default(), size=1000))
    assert len(chunks) > 3
    mentions = [m for ms in chunks for m in ms]
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    for m in mentions:
        assert text[m.start:m.end] == m.text
        assert text[m.sentence_start:m.sentence_start + len(m.sentence)] == m.sentence
    assert sum(m.text == "Vilnius" for m in mentions) == 40


def test_shifting_keeps_every_field_of_a_mention():
    from dataclasses import fields, replace

    from routes.chunk import _shifted
    from routes.model import Mention

    m = Mention(doc_id="d", start=3, end=7, text="Oslo", sentence="To Oslo.", sentence_start=0, kind="place",
                place=None, candidates=(), confidence=0.5, reason="why")
    shifted = _shifted([m], 10)[0]
    assert shifted == replace(m, start=13, end=17, sentence_start=10)
    assert {f.name for f in fields(Mention)} == {"doc_id", "start", "end", "text", "sentence", "sentence_start",
                                                 "kind", "place", "candidates", "confidence", "reason"}
