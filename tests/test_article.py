"""Article: the normalised text, its fingerprint, tokens, sentences, paragraphs and snap()."""

from __future__ import annotations

import hashlib
import unicodedata

import pytest

from annotator.article import Article, load_article, normalise_text
from annotator.errors import AnnotatorError

KN23_SHA256 = "5469dc5df8bafab94c7e705fc09a8cc8a7df434063642d90317037960fee7835"


def words(article: Article) -> list[str]:
    return [article.text[s:e] for s, e in article.tokens]


# -- normalisation and fingerprint ---------------------------------------------------------


def test_leading_bom_is_dropped():
    assert normalise_text("\ufeffHello".encode("utf-8")) == "Hello"


def test_bom_is_dropped_from_str_input_too():
    assert normalise_text("\ufeffHello") == "Hello"


def test_bom_inside_the_text_is_kept():
    assert normalise_text("a\ufeffb".encode("utf-8")) == "a\ufeffb"


def test_crlf_becomes_lf():
    assert normalise_text(b"one\r\ntwo\r\n") == "one\ntwo\n"


def test_lone_cr_becomes_lf():
    assert normalise_text(b"one\rtwo\r\rthree") == "one\ntwo\n\nthree"


def test_text_is_nfc_normalised():
    decomposed = "Cafe\u0301 Zu\u0308rich"
    text = normalise_text(decomposed.encode("utf-8"))
    assert text == "Caf\u00e9 Z\u00fcrich"
    assert unicodedata.is_normalized("NFC", text)


def test_sha256_is_taken_over_the_normalised_utf8_text():
    article = Article.from_text("\ufeffCafe\u0301\r\nbar".encode("utf-8"))
    assert article.text == "Caf\u00e9\nbar"
    assert article.sha256 == hashlib.sha256("Caf\u00e9\nbar".encode("utf-8")).hexdigest()


def test_same_text_in_different_encodings_has_one_fingerprint():
    variants = ["Caf\u00e9\nbar", "Cafe\u0301\r\nbar", "\ufeffCaf\u00e9\rbar"]
    assert len({Article.from_text(v.encode("utf-8")).sha256 for v in variants}) == 1


def test_kn23_fingerprint(kn23):
    assert kn23.sha256 == KN23_SHA256


def test_kn23_fingerprint_survives_windows_line_endings_and_bom(tmp_path, kn23):
    path = tmp_path / "kn23.txt"
    path.write_bytes(b"\xef\xbb\xbf" + kn23.text.replace("\n", "\r\n").encode("utf-8"))
    assert load_article(path).sha256 == KN23_SHA256


def test_article_that_is_not_utf8_is_rejected_with_its_path(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\u00e9 society\n".encode("latin-1"))
    with pytest.raises(AnnotatorError, match="not UTF-8") as err:
        load_article(path)
    assert str(path) in str(err.value)


def test_empty_article_is_rejected(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text(" \n\n", encoding="utf-8")
    with pytest.raises(AnnotatorError, match="empty"):
        load_article(path)


# -- loading ------------------------------------------------------------------------------


def test_load_article_by_id_finds_seeds(kn23):
    assert load_article("kn23").text == kn23.text


def test_load_article_reads_title_from_meta(kn23):
    assert kn23.id == "kn23"
    assert kn23.title.startswith("North Korean engineers")


def test_load_article_by_unknown_id_says_what_was_expected():
    with pytest.raises(AnnotatorError, match=r"seeds/no-such-article\.txt"):
        load_article("no-such-article")


def test_load_article_by_id_refuses_ids_that_climb_out_of_seeds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(AnnotatorError, match="cannot find"):
        load_article("../seeds/kn23")


def test_a_folder_named_like_the_article_does_not_hide_the_seed(tmp_path, monkeypatch, kn23):
    (tmp_path / "kn23").mkdir()  # e.g. the folder a teacher collected submissions in
    monkeypatch.chdir(tmp_path)
    assert load_article("kn23").sha256 == kn23.sha256


def test_article_id_comes_from_the_file_name(tmp_path):
    path = tmp_path / "story-1.txt"
    path.write_text("A short story.", encoding="utf-8")
    assert load_article(path).id == "story-1"


# -- tokens, sentences, paragraphs --------------------------------------------------------


def test_tokens_are_offsets_into_the_text(article):
    a = article("Officials said it was “likely”.")
    assert words(a) == ["Officials", "said", "it", "was", "“", "likely", "”", "."]


def test_punctuation_tokens_are_flagged(article):
    a = article("Officials said it was “likely”.")
    flagged = [w for w, p in zip(words(a), a.token_is_punct) if p]
    assert flagged == ["“", "”", "."]


def test_word_count_ignores_punctuation(article):
    assert article("Yes, it is — likely.").word_count == 4


def test_whitespace_is_never_a_token(article):
    a = article("one  two\n\nthree\t four")
    assert words(a) == ["one", "two", "three", "four"]


def test_sentences_split_on_sentence_ends(article):
    a = article("First one here. Second one there! Third?")
    assert [a.text[s:e] for s, e in a.sentences] == [
        "First one here.", "Second one there!", "Third?"]


def test_sentences_never_cross_a_line_break(article):
    a = article("A heading without a stop\nThe body starts here.")
    assert [a.text[s:e] for s, e in a.sentences] == [
        "A heading without a stop", "The body starts here."]


def test_paragraphs_are_lines_when_there_are_no_blank_lines(kn23):
    assert len(kn23.paragraphs) == 7
    assert kn23.text[slice(*kn23.paragraphs[0])].startswith("North Korean military engineers")
    assert kn23.text[slice(*kn23.paragraphs[-1])].endswith("military hardware.")


def test_paragraphs_are_blank_line_separated_when_the_text_has_blank_lines(article):
    a = article("Line one\nline two.\n\nSecond paragraph.\n\n\n")
    assert [a.text[s:e] for s, e in a.paragraphs] == ["Line one\nline two.",
                                                     "Second paragraph."]


def test_kn23_sentences_cover_every_word(kn23):
    assert len(kn23.sentences) == 16
    for start, end in kn23.tokens:
        assert any(s <= start and end <= e for s, e in kn23.sentences)


def test_sentence_of_returns_the_whole_sentence(kn23):
    start, end = kn23.find("reportedly")
    s, e = kn23.sentence_of(start, end)
    assert kn23.text[s:e] == kn23.text[:kn23.text.index("missiles.") + len("missiles.")]


def test_sentence_of_a_span_across_sentences_covers_both(kn23):
    s1 = kn23.sentences[0]
    s2 = kn23.sentences[1]
    assert kn23.sentence_of(s1[1] - 5, s2[0] + 5) == (s1[0], s2[1])


def test_widget_payload_tokens_match_the_text(kn23):
    payload = kn23.widget_payload()
    assert payload["sha256"] == KN23_SHA256
    assert all(kn23.text[s:e] == t for s, e, t in payload["tokens"])
    rebuilt = "".join(space + token for space, (_, _, token) in
                      zip(payload["spaces"], payload["tokens"]))
    assert kn23.text.startswith(rebuilt)


# -- astral characters ------------------------------------------------------------------


def test_offsets_count_code_points_not_utf16_units(article):
    a = article("🎉🎉 Party now")
    start, end = a.find("Party")
    assert (start, end) == (3, 8)  # two emoji are two code points (four UTF-16 units)
    assert "Party" in words(a)
    assert a.tokens[words(a).index("Party")] == (3, 8)


def test_emoji_is_a_token_with_code_point_offsets(article):
    a = article("Good 👍 news")
    assert words(a) == ["Good", "👍", "news"]
    assert a.tokens == ((0, 4), (5, 6), (7, 11))


def test_snap_after_astral_characters_keeps_code_point_offsets(article):
    a = article("𝔘𝔫𝔦𝔠𝔬𝔡𝔢 text reportedly works")
    start, end = a.find("reportedly")
    assert a.snap(start + 2, end - 2) == (start, end)
    assert a.text[start:end] == "reportedly"


# -- snap() ------------------------------------------------------------------------------


def test_snap_token_mode_widens_to_whole_tokens(article):
    a = article("It has reportedly been sent.")
    start, end = a.find("reportedly")
    assert a.snap(start + 3, end - 3) == (start, end)


def test_snap_token_mode_widens_across_several_tokens(article):
    a = article("It has reportedly been sent.")
    assert a.text[slice(*a.snap(4, 20))] == "has reportedly been"


def test_snap_trims_spaces(article):
    a = article("It has reportedly been sent.")
    start, end = a.find("reportedly")
    assert a.snap(start - 1, end + 1) == (start, end)


def test_snap_trims_punctuation(article):
    a = article("Sent, reportedly, by them.")
    start, end = a.find("reportedly")
    assert a.snap(start - 2, end + 2) == (start, end)


def test_snap_trims_curly_and_straight_quotes(article):
    a = article("It is “highly likely” and 'possible'.")
    start, end = a.find("highly likely")
    assert a.snap(start - 1, end + 1) == (start, end)
    start, end = a.find("possible")
    assert a.snap(start - 1, end + 2) == (start, end)


def test_snap_keeps_inner_punctuation(article):
    a = article("Kim Yong-hyun, the minister, spoke.")
    s = a.snap(0, a.text.index("spoke"))
    assert a.text[s[0]:s[1]] == "Kim Yong-hyun, the minister"


def test_snap_of_only_spaces_and_punctuation_is_none(article):
    a = article("Yes . , ; no")
    assert a.snap(3, 10) is None


def test_snap_of_an_empty_span_is_none(article):
    a = article("Some words.")
    assert a.snap(4, 4) is None


def test_snap_clamps_to_the_text(article):
    a = article("Some words")
    assert a.snap(-5, 100) == (0, 10)


def test_snap_char_mode_keeps_characters_as_given(article):
    a = article("It has reportedly been sent.")
    start, _ = a.find("reportedly")
    assert a.snap(start + 2, start + 6, mode="char") == (start + 2, start + 6)


def test_snap_char_mode_trims_spaces_punctuation_and_quotes(article):
    a = article("She said: “maybe”, then left.")
    start, end = a.find("maybe")
    assert a.snap(start - 3, end + 3, mode="char") == (start, end)


def test_snap_rejects_an_unknown_mode(article):
    with pytest.raises(ValueError, match="snap mode"):
        article("Some words.").snap(0, 4, mode="word")


# -- find() ------------------------------------------------------------------------------


def test_find_returns_the_first_occurrence(kn23):
    start, end = kn23.find("According to")
    assert kn23.text[start:end] == "According to"
    assert start == kn23.text.index("According to")


def test_find_nth_occurrence(kn23):
    first = kn23.find("According to", 1)
    second = kn23.find("According to", 2)
    assert second[0] > first[0]
    assert second[0] == kn23.text.index("According to", first[1])


def test_find_beyond_the_last_occurrence_is_none(kn23):
    assert kn23.find("According to", 3) is None


def test_find_missing_text_is_none(kn23):
    assert kn23.find("South Korea's") is None  # the article has a curly apostrophe
    assert kn23.find("South Korea’s") is not None


def test_a_pasted_list_and_a_byline_keep_their_lines_but_a_wrapped_paragraph_runs_on():
    """Pasted from a web page, "What the study found:" and its bullets are lines of their own
    in the widget; a paragraph hard-wrapped at 60 characters still reads as one."""
    from annotator.article import Article

    text = ("By Chloé Lefèvre\nThe study was large and careful, and it compared results over "
            "two whole years.\n\nWhat the study found:\n• higher marks in English\n• no change "
            "in science\n\nThe council said on Monday that the library\nwould open later on "
            "weekdays and close earlier\non Sundays from January next year.\n")
    article = Article.from_text(text, "lines")
    shown = [article.text[a:b] for a, b in article.paragraphs]
    assert shown == [
        "By Chloé Lefèvre",
        "The study was large and careful, and it compared results over two whole years.",
        "What the study found:", "• higher marks in English", "• no change in science",
        ("The council said on Monday that the library\nwould open later on weekdays and close "
        "earlier\non Sundays from January next year.")]


@pytest.mark.parametrize("meta, message", [
    (b"- just a list\n", r"kn9\.meta\.yaml: must be a YAML mapping of fields .* not a list"),
    (b"Council pool story\n", r"not a single line of text\. Write one field per line"),
    (b"2026\n", r"not a number\."),
    ("title: Caf\u00e9 closes\n".encode("cp1252"), r"kn9\.meta\.yaml: is not UTF-8"),
    (b"title: [unclosed\n", r"kn9\.meta\.yaml: is not valid YAML"),
])
def test_a_broken_meta_file_is_named_with_what_to_do(tmp_path, meta, message):
    """A teacher's edit of an article's .meta.yaml (a list, a Windows editor's encoding) gave
    a traceback from validate and grade; it is a message naming the file."""
    (tmp_path / "kn9.txt").write_text("The council said the pool will open.\n", "utf-8")
    (tmp_path / "kn9.meta.yaml").write_bytes(meta)
    with pytest.raises(AnnotatorError, match=message):
        load_article(tmp_path / "kn9.txt")
