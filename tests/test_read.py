"""Reading inputs: strict decoding, HTML to visible text, clear errors."""

import pytest

from routes.errors import InputError
from routes.read import decode, document_from_text, expand_inputs, read_document
from routes.text import sentences


def test_plain_text_keeps_offsets(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Kim arrived in Vladivostok.", encoding="utf-8")
    doc = read_document(p)
    assert doc.text[15:26] == "Vladivostok"
    assert doc.source_offsets is None


def test_utf8_bom_is_dropped(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbfHello Paris")
    assert read_document(p).text == "Hello Paris"


@pytest.mark.parametrize("data,needle", [
    (b"", "empty"),
    (b"   \n\t ", "empty"),
    (b"\x00\x01\x02\x03" * 100, "binary"),
    (b"Caf\xe9 in Paris", "not valid UTF-8"),
])
def test_bad_bytes_get_one_sentence(tmp_path, data, needle):
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_document(p)
    assert needle in str(err.value)
    assert str(p) in str(err.value)


def test_latin1_is_read_when_asked(tmp_path):
    p = tmp_path / "l1.txt"
    p.write_bytes("Früh in Eger".encode("latin-1"))
    assert read_document(p, encoding="latin-1").text == "Früh in Eger"


def test_stray_nul_bytes_do_not_move_offsets():
    text = decode(b"Paris\x00 and Rome" + b" and a long enough sentence to dilute it." * 5, "x")
    assert text.index("Rome") == 11


def test_missing_path_and_empty_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="no text files"):
        list(expand_inputs([tmp_path]))


def test_folder_expands_in_name_order(tmp_path):
    (tmp_path / "b.txt").write_text("B")
    (tmp_path / "a.txt").write_text("A")
    (tmp_path / "c.bin").write_text("C")
    assert [p.rsplit("/", 1)[1] for p in expand_inputs([tmp_path])] == ["a.txt", "b.txt"]


def test_html_is_reduced_to_visible_text_with_a_map_back():
    raw = "<html><head><title>T</title><script>var x='Paris'</script></head><body><p>Went to <b>Rome</b> &amp; Milan.</p></body></html>"
    doc = document_from_text(raw, "page.html")
    assert "Paris" not in doc.text
    i = doc.text.index("Rome")
    assert raw[doc.source_offsets[i]:doc.source_offsets[i] + 4] == "Rome"
    assert "& Milan" in doc.text
    assert doc.title == "T"


def test_tags_in_a_plain_text_article_stay_text():
    doc = document_from_text("He wrote <script>alert(1)</script> in Paris.", "a.txt")
    assert "<script>" in doc.text


def test_sentences_respect_abbreviations_and_ordinals():
    text = "Den 3. September fuhr ich. Mr. Smith went to St. Louis. Then he left."
    got = [s.text for s in sentences(text)]
    assert got == ["Den 3. September fuhr ich.", "Mr. Smith went to St. Louis.", "Then he left."]


def test_title_of_a_one_line_article_is_its_collapsed_head():
    words = "Flood waters   rose\tin Fargo on Tuesday and kept rising " * 200
    doc = document_from_text(words)
    assert doc.title == " ".join(words.split())[:200]


def test_title_skips_a_glued_masthead_and_reads_only_the_opening_lines():
    text = "The Washington PostDemocracy Dies in Darkness\nKim and Trump meet in Hanoi for a second summit\n"
    assert document_from_text(text).title == "Kim and Trump meet in Hanoi for a second summit"
    # McDonald is a name, not a scraped masthead.
    assert document_from_text("McDonald opens a new store in Fargo this week\n").title.startswith("McDonald")
    long = "Short.\n" + "\n" * 10000 + "A headline with six words here\n" + "x " * 100000
    assert document_from_text(long).title == "A headline with six words here"


def test_title_with_crlf_lines_cut_by_the_prefix():
    text = "a\r\n" * 2047 + "Headline: the end\r\n"
    assert document_from_text(text).title == "a"
    text = "\r\n" * 3000 + "One two three four five six\r\nmore"
    assert document_from_text(text).title == "One two three four five six"


def test_a_possessive_before_a_period_ends_the_sentence():
    from routes.text import sentences

    text = "Tomorrow we shall visit St. Peter's. My cousin writes from Naples."
    assert [s.text for s in sentences(text)] == ["Tomorrow we shall visit St. Peter's.", "My cousin writes from Naples."]
