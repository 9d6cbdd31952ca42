"""``annotator suggest``: rule-based suggestions of claims, sources and hedges.

The rules are general English patterns, so most tests run on short articles written here, on
other topics than the seed article (health, local council, sport, science, weather, courts).
"""

from __future__ import annotations

import json

import pytest

from annotator.article import Article
from annotator.cli import main
from annotator.scoring import score
from annotator.suggest import Suggestion, clutter_lines, format_table, suggest, to_json

# -- helpers ------------------------------------------------------------------------------


def run_suggest(text: str) -> tuple[Article, list[Suggestion]]:
    article = Article.from_text(text, id="t")
    return article, suggest(article)


def spans(text: str, label: str, tier: str | None = None) -> list[str]:
    """The texts suggested with ``label`` (and ``tier``, when given)."""
    return [s.text for s in run_suggest(text)[1]
            if s.label == label and (tier is None or s.tier == tier)]


def one(text: str, label: str, quote: str) -> Suggestion:
    found = [s for s in run_suggest(text)[1] if s.label == label and s.text == quote]
    assert len(found) == 1, f"no single {label} {quote!r} in {spans(text, label)}"
    return found[0]


# Articles on other topics, in other styles than the seed: straight and curly quotes,
# "said X" inversions, trailing frames, British single quotes, appositive roles.
HEALTH = (
    "Measles cases in the city have risen sharply this winter, according to the regional "
    "public health office.\n"
    "“Vaccination rates in some schools are far too low,” said Dr Amara Osei, a consultant at "
    "Riverside Hospital. She added that the outbreak may last until the spring.\n"
    "Officials believe the virus was brought in by a traveller. Parents may book a free "
    "vaccination at any pharmacy.\n")
COUNCIL = (
    "The town council has approved a new cycle lane on Bridge Street, despite objections "
    "from shop owners.\n"
    "\"It will kill our trade,\" said Mohammed Ali, who runs a bakery on the street. The "
    "council's transport chief, Sue Park, told the Courier that footfall would rise.\n"
    "Work is expected to start in May and could take about eight weeks. The scheme was "
    "funded by a government grant.\n")
SPORT = (
    "Harbour City have reportedly signed the Norwegian goalkeeper Erik Dahl on a three-year "
    "deal.\n"
    "Dahl, 29, kept 14 clean sheets last season. 'He is the best keeper in the league,' the "
    "club's manager said.\n"
    "Fans appeared outside the stadium on Sunday to welcome him. The club could not be "
    "reached for comment on the fee, which is thought to be around £4m.\n")
SCIENCE = (
    "Bees can recognise human faces, a study published on Tuesday suggests.\n"
    "Researchers at Lund University trained 40 bees to find sugar water next to photographs. "
    "The bees appeared to remember the faces for two days, the team reported.\n"
    "Professor Ines Moreau, who led the work, said the findings were “clearly important”. "
    "It remains unclear whether wild bees behave the same way.\n")
ARTICLES = {"health": HEALTH, "council": COUNCIL, "sport": SPORT, "science": SCIENCE}


# -- hedges -------------------------------------------------------------------------------


def test_hearsay_adverb_is_a_hedge_and_an_implicit_source():
    s = one(SPORT, "hedge", "reportedly")
    assert s.alt_labels == ("source",) and s.source_type == "implicit"


@pytest.mark.parametrize("sentence, cue", [
    ("The new drug appears to slow the disease.", "appears"),
    ("The data suggest that the river is cleaner.", "suggest"),
    ("Early tests indicate that the bridge is safe.", "indicate"),
    ("The plan seems sensible to most residents.", "seems"),
    ("The storm will probably reach the coast tonight.", "probably"),
    ("The bridge might close next year.", "might"),
])
def test_epistemic_cues_are_hedges(sentence, cue):
    assert cue in spans(sentence, "hedge")


def test_appear_meaning_show_up_is_not_a_hedge():
    assert spans("The defendant appeared in court on Monday.", "hedge") == []
    assert "appeared" not in spans(SPORT, "hedge")
    assert "appeared" in spans(SCIENCE, "hedge")  # "appeared to remember"


def test_may_of_permission_is_not_a_hedge():
    assert spans("Visitors may park in the north car park.", "hedge") == []
    assert spans("Parents may book a free vaccination at any pharmacy.", "hedge") == []


def test_may_the_month_is_not_a_hedge():
    assert spans("The library will reopen in May.", "hedge") == []
    assert "May" not in spans(COUNCIL, "hedge")


def test_may_of_possibility_is_a_hedge():
    assert "may" in spans(HEALTH, "hedge")
    assert spans("The roof may collapse without repairs.", "hedge") == ["may"]


def test_may_apply_to_is_possibility_but_may_apply_for_is_permission():
    assert spans("Critics say the results may not apply to factories.", "hedge") == ["may"]
    assert spans("The new rules may apply to farms.", "hedge") == ["may"]
    assert spans("Residents may apply for a grant.", "hedge") == []
    assert spans("Applicants may not apply to more than two schools.", "hedge") == [
        "more than"]  # the applicants are allowed, not the writer unsure


def test_could_not_is_not_a_hedge():
    assert "could" not in spans(SPORT, "hedge")
    assert "could" in spans(COUNCIL, "hedge")


def test_boosters_are_never_hedges():
    text = ("The minister confirmed the figures. It is clearly a crucial decision, and the "
            "results proved significant.")
    assert spans(text, "hedge") == []


def test_reported_with_a_named_subject_is_not_a_hedge():
    text = "The Met Office reported heavy rain across the north."
    assert spans(text, "hedge") == []
    assert spans(text, "source") == ["The Met Office"]


def test_agentless_attribution_is_a_hedge_and_an_implicit_source():
    s = one("The fire is believed to have started in the kitchen.", "hedge", "is believed")
    assert s.alt_labels == ("source",) and s.source_type == "implicit"
    assert "is thought" in spans(SPORT, "hedge")


def test_estimates_as_a_subject_is_a_source_not_a_hedge():
    text = "Estimates suggest that 300 homes were flooded."
    assert spans(text, "hedge") == ["suggest"]
    assert spans(text, "source") == ["Estimates"]


def test_approximators_and_vague_quantifiers_are_the_optional_tier():
    assert spans(COUNCIL, "hedge", tier="optional") == ["about"]
    assert "around" in spans(SPORT, "hedge", tier="optional")
    assert spans("The clinic treats people over 65, and children.", "hedge") == []


def test_probability_words_keep_their_degree_adverb():
    assert spans("It is highly likely that the match will be delayed.", "hedge") == [
        "highly likely"]


def test_stated_uncertainty_is_a_hedge():
    assert "unclear" in spans(SCIENCE, "hedge")


# -- sources ------------------------------------------------------------------------------


def test_according_to_names_the_source_without_the_cue():
    s = one(HEALTH, "source", "the regional public health office")
    assert "according to" in HEALTH[s.max_span[0]:s.max_span[1]]


def test_a_role_appositive_belongs_to_the_source():
    s = one(HEALTH, "source", "Dr Amara Osei, a consultant at Riverside Hospital")
    assert s.source_type == "named_person"
    assert HEALTH[s.min_span[0]:s.min_span[1]] == "Amara Osei"


def test_said_x_inversion_after_straight_quotes():
    s = one(COUNCIL, "source", "Mohammed Ali, who runs a bakery on the street")
    assert s.source_type == "named_person"
    assert "It will kill our trade" in spans(COUNCIL, "claim")


def test_x_said_after_a_quotation_in_british_single_quotes():
    assert "the club's manager" in spans(SPORT, "source")
    assert "He is the best keeper in the league" in spans(SPORT, "claim")


def test_role_then_name_appositive_subject():
    s = one(COUNCIL, "source", "The council's transport chief, Sue Park")
    assert s.source_type == "named_person"


def test_vague_plural_subject_of_a_reporting_verb():
    assert one(HEALTH, "source", "Officials").source_type == "vague"
    assert one("Experts say the drought will last into autumn.", "source",
               "Experts").source_type == "vague"


def test_trailing_frame_names_the_source_and_keeps_the_claim():
    text = "The road will close for six weeks, the highways agency said on Friday."
    assert spans(text, "source") == ["the highways agency"]
    assert spans(text, "claim") == ["The road will close for six weeks"]


def test_a_named_study_is_a_source():
    assert "a study published on Tuesday" in spans(SCIENCE, "source")
    assert "the team" in spans(SCIENCE, "source")


def test_passive_with_an_agent_names_the_source():
    text = "The figures were confirmed by the Office for National Statistics."
    s = one(text, "source", "the Office for National Statistics")
    assert s.source_type == "named_organization"


def test_a_pronoun_speaker_is_not_marked_but_its_claim_is():
    text = "She said the results were encouraging."
    assert spans(text, "source") == []
    assert spans(text, "claim") == ["the results were encouraging"]


def test_participants_and_places_are_not_sources():
    text = "The mayor opened the new library in Leeds on Tuesday."
    assert spans(text, "source") == []
    assert "The government grant" not in spans(COUNCIL, "source")
    assert spans(COUNCIL, "source").count("a government grant") == 0


# -- claims -------------------------------------------------------------------------------


def test_the_content_of_a_that_clause_is_the_claim():
    assert "the outbreak may last until the spring" in spans(HEALTH, "claim")


def test_direct_quotation_content_is_the_claim():
    assert "Vaccination rates in some schools are far too low" in spans(HEALTH, "claim")


def test_a_stated_unknown_is_not_a_claim():
    assert not any("wild bees" in c for c in spans(SCIENCE, "claim"))


def test_questions_are_not_claims():
    assert spans("Will the team survive relegation this season?", "claim") == []


def test_framing_is_left_out_of_the_claim():
    assert spans("In other news, the museum has bought a rare painting.", "claim") == [
        "the museum has bought a rare painting"]


def test_a_relative_clause_is_its_own_claim():
    claims = spans("The club signed a new striker, who scored twice on his debut.", "claim")
    assert claims == ["The club signed a new striker", "who scored twice on his debut"]


def test_elaborations_and_presupposed_background_are_the_optional_tier():
    text = "Despite a sharp fall in ticket sales, the festival went ahead, attracting 9,000 fans."
    assert spans(text, "claim", tier="optional") == ["a sharp fall in ticket sales",
                                                     "attracting 9,000 fans"]
    assert spans(text, "claim", tier="core") == ["the festival went ahead"]
    assert spans(COUNCIL, "claim", tier="optional") == ["objections from shop owners"]


def test_an_insertion_after_the_subject_is_optional_and_the_clause_stays_whole():
    claims = run_suggest("The planet, known as K2-18b, is roughly twice the size of Earth.")[1]
    assert [(s.text, s.tier) for s in claims if s.label == "claim"] == [
        ("The planet, known as K2-18b, is roughly twice the size of Earth", "core"),
        ("known as K2-18b", "optional")]
    assert spans(SPORT, "claim", tier="core")[1] == "Dahl, 29, kept 14 clean sheets last season"


def test_conjoined_predicates_are_split():
    assert spans(COUNCIL, "claim")[-3:-1] == ["Work is expected to start in May",
                                              "could take about eight weeks"]


# -- every suggestion, every article ------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_suggestions_are_exact_slices_of_the_normalised_text(name):
    article, found = run_suggest(ARTICLES[name])
    assert found, "the rules should find something in every English article"
    for s in found:
        assert 0 <= s.start < s.end <= len(article.text)
        assert s.text == article.text[s.start:s.end] == s.text.strip()
        assert s.label in ("claim", "source", "hedge") and s.reason and s.rule
        assert s.tier in ("core", "optional")
        for span in (s.min_span, s.max_span):
            assert span is None or 0 <= span[0] < span[1] <= len(article.text)


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_every_topic_gets_all_three_labels(name):
    _, found = run_suggest(ARTICLES[name])
    assert {s.label for s in found} == {"claim", "source", "hedge"}


def test_suggestions_are_in_text_order_and_deterministic():
    article, first = run_suggest(HEALTH)
    assert first == suggest(article)
    assert [(s.start, s.end) for s in first] == sorted((s.start, s.end) for s in first)


def test_offsets_are_code_points_after_emoji_and_accents():
    article, found = run_suggest("🎉🎉 Café owners say the new tax could close 😀 dozens of "
                                 "shops.\n")
    could = next(s for s in found if s.text == "could")
    assert article.text[could.start:could.end] == "could"
    assert could.start == article.text.index("could")


@pytest.mark.parametrize("text", [
    "Η κυβέρνηση ανακοίνωσε χθες ότι οι τιμές θα αυξηθούν. «Είναι πιθανό», είπε ο υπουργός.",
    "政府は昨日、物価が上がる可能性があると発表した。「それは確かだ」と大臣は述べた。",
    "🙂🙃 🎉\n\n\n",
    "Москва, 5 мая. По словам министра, цены могут вырасти.",
    "- - -\n***\n12 345 678",
])
def test_other_scripts_and_odd_text_do_not_crash(text):
    article, found = run_suggest(text)
    for s in found:
        assert s.text == article.text[s.start:s.end]


def test_an_unpunctuated_wall_of_text_gets_hedges_only():
    text = " ".join(["the council said that prices may rise and the mayor agreed"] * 20)
    _, found = run_suggest(text)
    assert found and {s.label for s in found} == {"hedge"}


def test_a_mixed_article_gets_suggestions_for_its_english_sentences_only():
    _article, found = run_suggest("Το άρθρο είναι στα ελληνικά. The mayor may resign soon.")
    assert [s.text for s in found if s.label == "hedge"] == ["may"]


# -- the seed article: the issue's goals, as a regression guard ---------------------------


def test_kn23_suggestions_reach_the_issue_goals(kn23_key):
    result = score([s.to_mark() for s in suggest(kn23_key.article)], kn23_key, "standard")
    assert result.labels["hedge"].f1 >= 0.75
    assert result.labels["source"].f1 >= 0.75
    assert result.labels["claim"].f1 >= 0.6


# -- output -------------------------------------------------------------------------------


def test_json_output_lists_every_suggestion(kn23):
    data = to_json(kn23, suggest(kn23))
    assert data["article"] == {"id": "kn23", "sha256": kn23.sha256}
    first = data["suggestions"][0]
    assert {"label", "start", "end", "text", "reason", "tier"} <= set(first)
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_the_table_names_each_suggestion_and_its_reason(kn23):
    table = format_table(kn23, suggest(kn23))
    assert "reportedly" in table and "hearsay adverb" in table
    assert table.splitlines()[0].startswith(f"{len(suggest(kn23))} suggestions for 'kn23'")


def test_cli_suggest_prints_json(capsys, tmp_path):
    path = tmp_path / "flood.txt"
    path.write_text("The river may flood tonight, the Environment Agency said.", "utf-8")
    assert main(["suggest", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(s["label"], s["text"]) for s in data["suggestions"]] == [
        ("claim", "The river may flood tonight"), ("hedge", "may"),
        ("source", "the Environment Agency")]


def test_cli_suggest_by_article_id(capsys):
    assert main(["suggest", "kn23"]) == 0
    assert "suggestions for 'kn23'" in capsys.readouterr().out


def test_cli_suggest_on_a_missing_file_exits_1(capsys, tmp_path):
    assert main(["suggest", str(tmp_path / "nope.txt")]) == 1
    assert "file not found" in capsys.readouterr().err


def test_cli_suggest_without_an_article_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["suggest"])
    assert exc.value.code == 2


@pytest.mark.parametrize(("text", "claim"), [
    ("ROTTERDAM, March 4 (Reuters) - Dockworkers at the port extended a strike on Tuesday.",
     "Dockworkers at the port extended a strike on Tuesday"),
    ("ZÜRICH — The city council voted 68–45 to expand the tram network.",
     "The city council voted 68–45 to expand the tram network"),
    ("But the direction of travel is set for the city.",
     "the direction of travel is set for the city"),
    ("However, the council cut the budget for schools.", "the council cut the budget for schools"),
])
def test_a_claim_leaves_out_a_dateline_and_a_linking_word(text, claim):
    assert spans(text, "claim") == [claim]


def test_a_capitalised_name_before_a_dash_is_not_a_dateline():
    assert spans("NATO – the Western alliance – said it would respond.", "source") == [
        "NATO – the Western alliance"]


def test_a_subject_that_starts_with_an_approximate_number_is_not_taken_for_framing():
    text = ("About 1,200 workers walked off the job on Monday after talks over pay broke "
            "down, union spokesman Pieter de Vries said.")
    assert spans(text, "source") == ["union spokesman Pieter de Vries"]
    assert spans(text, "claim") == [("About 1,200 workers walked off the job on Monday after "
                                    "talks over pay broke down")]


@pytest.mark.parametrize(("text", "source", "claim"), [
    ('The mayor said: "Taxes will rise."', "The mayor", "Taxes will rise"),
    (("Dr. Amélie O'Neill, the authority's chief medical officer, said: “We may close the "
     "ward.”"), "Dr. Amélie O'Neill, the authority's chief medical officer",
     "We may close the ward"),
])
def test_a_quotation_after_a_colon_has_its_speaker_as_the_source(text, source, claim):
    assert spans(text, "source") == [source]
    assert spans(text, "claim") == [claim]


def test_a_short_quotation_without_a_colon_is_still_a_scare_quote():
    assert spans("Professor Moreau said the findings were “clearly important”.", "claim") == [
        "the findings were “clearly important”"]  # its closing mark too: the quote reads whole


def _source_head(text: str) -> tuple[str, str, str]:
    found, = [s for s in suggest(Article(id="x", text=text, title="x", path=None))
              if s.label == "source"]
    return found.text, found.source_type, text[found.min_span[0]:found.min_span[1]]


@pytest.mark.parametrize(("text", "expected"), [
    ("A British trial found that the drug cut deaths by a third.",
     ("A British trial", "unnamed_described", "trial")),
    ("Researchers at the University of Cambridge said the results were robust.",
     ("Researchers at the University of Cambridge", "unnamed_described", "Researchers")),
    ("Workers walked off the job, Pieter de Vries said.",
     ("Pieter de Vries", "named_person", "Pieter de Vries")),
    ("The Ministry of Defence said the base was closed.",
     ("The Ministry of Defence", "named_organization", "Ministry of Defence")),
])
def test_a_source_min_is_its_name_or_head_noun(text, expected):
    assert _source_head(text) == expected


@pytest.mark.parametrize(("text", "claims"), [
    ("Prices rose by 4% in March; economists expect them to fall again by summer.",
     ["Prices rose by 4% in March", "them to fall again by summer"]),
    ("Officials said the fire started in the kitchen; no one was hurt.",
     ["the fire started in the kitchen", "no one was hurt"]),
])
def test_a_semicolon_parts_two_statements(text, claims):
    assert spans(text, "claim") == claims


def test_a_semicolon_inside_a_quotation_does_not_part_it():
    text = '“We waited; nobody came,” said Maria Lopez, a local resident.'
    assert spans(text, "claim") == ["We waited; nobody came"]
    assert spans(text, "source") == ["Maria Lopez, a local resident"]


def test_a_second_speaker_after_comma_and_is_a_frame_of_its_own():
    text = ("The council confirmed the closure, and a spokesman said the library would move "
            "to the town hall.")
    assert spans(text, "source") == ["The council", "a spokesman"]
    assert "the library would move to the town hall" in spans(text, "claim")
    assert not any("spokesman said" in claim for claim in spans(text, "claim"))


@pytest.mark.parametrize("verb", ["added that", "also noted that", "told reporters that"])
def test_a_speaker_going_on_with_a_second_reporting_verb_frames_both_claims(verb):
    text = (f"The mayor said the bridge would reopen in May and {verb} the repairs had cost "
            "two million pounds.")
    assert spans(text, "source") == ["The mayor"]
    assert spans(text, "claim") == ["the bridge would reopen in May",
                                    "the repairs had cost two million pounds"]


@pytest.mark.parametrize("frame", ["It is obvious that", "It is undeniable that"])
def test_a_booster_frame_is_left_out_of_the_claim(frame):
    assert spans(f"{frame} the new plan will fail within a year.", "claim") == [
        "the new plan will fail within a year"]


@pytest.mark.parametrize(("text", "claim"), [
    ("Consumer group Fair Deal said the recall was clearly overdue.",
     "the recall was clearly overdue"),
    ("The recall is thought to be the largest of its kind.",
     "The recall is thought to be the largest of its kind"),
])
def test_a_reporting_verb_after_an_article_is_a_noun_and_the_article_no_source(text, claim):
    """"the recall", "a report": not the verb "recall", so "the" is never a source."""
    assert "the" not in [s.lower() for s in spans(text, "source")]
    assert claim in spans(text, "claim")


def test_a_speaker_with_a_role_before_the_name_after_a_quotation_is_the_source():
    text = ("“Grades this year are back where they were,” the authority's chief executive, "
            "Dr Amara Osei, said.")
    assert spans(text, "source") == ["the authority's chief executive, Dr Amara Osei"]
    assert spans(text, "claim") == ["Grades this year are back where they were"]


@pytest.mark.parametrize(("text", "source", "claims"), [
    (("Pre-tax profit dropped to £318 million in the year, the company said, while sales "
      "rose by about 4% to £9.6 billion."), "the company",
     ["Pre-tax profit dropped to £318 million in the year",
      "sales rose by about 4% to £9.6 billion"]),
    ("Ticket sales fell by a fifth, the club said, adding that it would cut prices next season.",
     "the club", ["Ticket sales fell by a fifth", "it would cut prices next season"]),
])
def test_a_frame_between_two_clauses_reports_both(text, source, claims):
    assert spans(text, "source") == [source]
    assert spans(text, "claim") == claims


def test_a_belief_verb_before_its_that_clause_is_a_frame_after_an_aside():
    text = "Headteachers, however, fear that some pupils may miss out on university places."
    assert spans(text, "source") == ["Headteachers"]
    assert spans(text, "claim") == ["some pupils may miss out on university places"]


@pytest.mark.parametrize("text", ["Some pupils may miss out on university places.",
                                  "Students may find the new rules confusing."])
def test_may_before_what_nobody_is_given_leave_to_do_is_a_hedge(text):
    """"pupils may" reads as permission ("pupils may bring a lunch"), but nobody is allowed
    to miss out: that "may" is possibility."""
    assert spans(text, "hedge", "core") == ["may"]


@pytest.mark.parametrize(("text", "source", "claims"), [
    ("The decision came after reports that two branches may close entirely.", "reports",
     ["The decision came after reports", "two branches may close entirely"]),
    ("Shares fell following unconfirmed media reports that the chief executive would resign.",
     "unconfirmed media reports",
     ["Shares fell following unconfirmed media reports", "the chief executive would resign"]),
    ("However, amid fears that the bridge is unsafe, the council closed it on Monday.", "fears",
     ["the bridge is unsafe", "the council closed it on Monday"]),
])
def test_reports_that_after_a_preposition_is_a_vague_source(text, source, claims):
    """"after reports that …" names no one: the noun is the source (KEY-GUIDE's vague
    "reports"), not the words before it read as the subject of a verb."""
    assert spans(text, "source") == [source]
    assert spans(text, "claim") == claims
    assert [s.source_type for s in suggest(Article.from_text(text)) if s.label == "source"] == \
        ["vague"]


@pytest.mark.parametrize("text", ["The council reports that 40 homes were flooded.",
                                  "The minister reports to parliament on Tuesday."])
def test_reports_after_its_subject_is_still_the_verb(text):
    found = spans(text, "source")
    assert found == (["The council"] if "council" in text else [])


@pytest.mark.parametrize(("text", "source", "claims"), [
    (("The cut follows a budget shortfall of £2m, which the board attributed to rising energy "
      "costs."), "the board", ["The cut follows a budget shortfall of £2m",
                             "which the board attributed to rising energy costs"]),
    ("The council blamed the delay on staff shortages.", "The council",
     ["The council blamed the delay on staff shortages"]),
])
def test_whoever_blames_or_attributes_a_cause_is_its_source(text, source, claims):
    assert spans(text, "source") == [source]
    assert spans(text, "claim") == claims


@pytest.mark.parametrize(("text", "source", "claim"), [
    ("Headteachers warn exam changes could hit poorer pupils.", "Headteachers",
     "exam changes could hit poorer pupils"),
    ("The mayor added the bridge would reopen in May.", "The mayor",
     "the bridge would reopen in May"),
    ("Inspectors found the kitchen was dirty.", "Inspectors", "the kitchen was dirty"),
])
def test_a_reporting_verb_that_needs_that_frames_a_clause_without_it(text, source, claim):
    """Headlines and quick copy drop the "that": "warn exam changes could hit …"."""
    assert spans(text, "source") == [source]
    assert spans(text, "claim") == [claim]


@pytest.mark.parametrize("text", ["Police warned residents to stay indoors.",
                                  "The chef added sugar to the sauce.",
                                  "She stressed the importance of the vote."])
def test_a_reporting_verb_with_an_object_and_no_clause_is_no_frame(text):
    assert spans(text, "source") == []
    assert spans(text, "claim") == [text.rstrip(".")]


# -- website clutter: lines a web page adds around the story ------------------------------

PASTED = (
    "Council votes to close two libraries\n\n"
    "By Sarah Whitfield and Tom Avery\n"
    "Local democracy reporter, Northfield News\n"
    "Published 14 November 2026, 07:42 GMT | Updated 14 November 2026, 11:15 GMT\n"
    "2 hours ago\n\n"
    "Share\nSave\n\n"
    "Getty Images\n"
    "Image caption, Readers queue outside the central library on Monday\n"
    "Photo: The library on Bridge Street. (Photo: Jane Doe/Reuters)\n\n"
    "The council voted on Tuesday to close two branch libraries, saving £400,000 a year.\n\n"
    "Advertisement\n\n"
    "“We cannot keep every building open while budgets shrink.”\n"
    "— Council leader, budget meeting\n\n"
    "Read more: Why councils are running out of money\n\n"
    "Campaigners said the closures would hit older residents hardest.\n\n"
    "(Reporting by Sarah Whitfield; additional reporting by Tom Avery; editing by Mark Lee)\n"
    "Copyright 2026 Northfield News. All rights reserved. This material may not be "
    "published, broadcast, rewritten or redistributed.\n\n"
    "Read more:\n"
    "• Five charts that explain the budget gap\n"
    "• What the cuts mean for your area\n"
    "Related Topics\n"
    "Libraries\n"
    "Local government\n")
PASTED_CLUTTER = [
    "By Sarah Whitfield and Tom Avery", "Local democracy reporter, Northfield News",
    "Published 14 November 2026, 07:42 GMT | Updated 14 November 2026, 11:15 GMT",
    "2 hours ago", "Share", "Save", "Getty Images",
    "Image caption, Readers queue outside the central library on Monday",
    "Photo: The library on Bridge Street. (Photo: Jane Doe/Reuters)", "Advertisement",
    "— Council leader, budget meeting", "Read more: Why councils are running out of money",
    "(Reporting by Sarah Whitfield; additional reporting by Tom Avery; editing by Mark Lee)",
    ("Copyright 2026 Northfield News. All rights reserved. This material may not be "
     "published, broadcast, rewritten or redistributed."),
    "Read more:", "• Five charts that explain the budget gap",
    "• What the cuts mean for your area", "Related Topics", "Libraries", "Local government"]


def test_clutter_lines_finds_bylines_captions_links_credits_and_buttons():
    article = Article.from_text(PASTED)
    found = clutter_lines(article)
    assert [text for _, _, text in found] == PASTED_CLUTTER
    assert all(article.text[start:end] == text for start, end, text in found)


def test_no_suggestion_falls_inside_a_clutter_line():
    article, found = run_suggest(PASTED)
    lines = clutter_lines(article)
    assert not [s.text for s in found
                if any(start < s.end and s.start < end for start, end, _ in lines)]
    assert "The council voted on Tuesday to close two branch libraries" in spans(PASTED, "claim")
    assert "the closures would hit older residents hardest" in spans(PASTED, "claim")


@pytest.mark.parametrize("line", [
    "By Sunday morning the fire had burned 10,000 hectares",
    "By 2030, emissions must fall by half.",
    "Reporting by the Guardian revealed that the deal had collapsed.",
    "Published on Tuesday, the report found that crime fell by a tenth.",
    "Related to this, the council said it would review parking charges.",
    "Copyright law protects the photographs, the court ruled.",
    "LONDON (Reuters) - The Chancellor on Wednesday announced a £4.5bn package.",
    "Share prices fell sharply on Monday.",
    "Key measures announced on Wednesday:",
])
def test_a_sentence_that_only_starts_like_clutter_is_kept(line):
    assert clutter_lines(Article.from_text(f"Intro line here.\n{line}\nLast line.\n")) == []


def test_a_dash_line_is_a_credit_only_after_a_pull_quote():
    text = ("The vote was close.\n— Council leader, budget meeting\n"
            "“Budgets are shrinking.”\n— Council leader, budget meeting\n")
    assert [t for _, _, t in clutter_lines(Article.from_text(text))] == [
        "— Council leader, budget meeting"]
    assert clutter_lines(Article.from_text(text))[0][0] == text.rindex("—")


@pytest.mark.parametrize(("text", "source"), [
    ("Kimberly said the vote had been close.", "Kimberly"),
    ("The University of Thessaly said the fire season had grown by a month.",
     "The University of Thessaly"),
    ("The Smith family said they were delighted with the verdict.", "The Smith family"),
])
def test_a_name_or_noun_ending_in_ly_before_said_is_not_an_adverb(text, source):
    assert spans(text, "source") == [source]


@pytest.mark.parametrize("text", [
    "Teachers saw fewer reported incidents of bullying during school hours.",
    "There were no confirmed cases in the town last week.",
])
def test_a_participle_before_its_noun_frames_nothing(text):
    assert spans(text, "source") == []
    assert spans(text, "claim") == [text.rstrip(".")]


def test_a_heading_above_bullet_points_is_neither_claim_nor_source():
    text = ("Key measures announced on Wednesday:\n• £2bn for 18 new surgical hubs\n"
            "• £1bn to buy treatment from private hospitals\n")
    assert spans(text, "source") == []
    assert "Key measures announced on Wednesday" not in spans(text, "claim")


@pytest.mark.parametrize(("text", "source"), [
    (("The mayor claimed that aircraft arrived two hours late, an allegation the fire service "
      "denied."), "the fire service"),
    ("Last week the council said the bridge would close.", "the council"),
])
def test_a_noun_phrase_before_the_subject_is_not_part_of_the_source(text, source):
    assert source in spans(text, "source")
    assert not [s for s in spans(text, "source") if s != source and source in s]


def test_declining_to_comment_is_no_source_and_a_while_clause_is_its_own_claim():
    text = ("Officials said they would study the findings, while a spokesperson for the "
            "regulator declined to comment.")
    assert spans(text, "source") == ["Officials"]
    assert spans(text, "claim") == ["they would study the findings",
                                    "a spokesperson for the regulator declined to comment"]


@pytest.mark.parametrize(("text", "source", "claim"), [
    (("A senior manager, who asked not to be named because they were not authorised to speak "
      "to the media, told Reuters that the trusts had not been consulted."),
     ("A senior manager, who asked not to be named because they were not authorised to speak "
      "to the media"), "the trusts had not been consulted"),
    (("Ms Jane Cole, whose 14-year-old son attends a school in Kent that introduced a ban last "
      "year, said she had noticed a difference at home."),
     ("Ms Jane Cole, whose 14-year-old son attends a school in Kent that introduced a ban last "
      "year"), "she had noticed a difference at home"),
    ("Officials in Scotland and Wales, where education is devolved, said they would study it.",
     "Officials in Scotland and Wales", "they would study it"),
])
def test_a_long_relative_clause_between_speaker_and_verb_keeps_the_frame(text, source, claim):
    assert spans(text, "source") == [source]
    assert spans(text, "claim") == [claim]


def test_a_trailing_frame_followed_by_an_aside_on_the_speaker_is_a_frame():
    text = ("Investigators are examining the power line, a police official said, speaking on "
            "condition of anonymity because the investigation is ongoing.")
    assert spans(text, "source") == ["a police official"]
    assert spans(text, "claim") == ["Investigators are examining the power line"]


def test_with_officials_saying_names_a_source_and_its_claim():
    text = ("Firefighters battled for a third day to contain the blaze, with officials saying "
            "it may have been started by a faulty power line.")
    assert spans(text, "source") == ["officials"]
    assert spans(text, "claim") == [
        "Firefighters battled for a third day to contain the blaze",
        "it may have been started by a faulty power line"]


def test_in_what_officials_described_as_names_a_source():
    text = ("The minister announced a £4bn package, in what officials described as “the "
            "biggest investment in a decade”.")
    assert "officials" in spans(text, "source")


def test_a_second_clause_with_a_long_subject_and_its_own_verb_is_read_on_its_own():
    text = ("Critics say the evidence is weak, and a 2024 review by the Oxford Internet "
            "Institute found little evidence of a direct link.")
    assert spans(text, "source") == ["Critics", "a 2024 review by the Oxford Internet Institute"]
    assert "the evidence is weak" in spans(text, "claim")


def source_types(text: str) -> dict[str, str | None]:
    return {s.text: s.source_type for s in run_suggest(text)[1] if s.label == "source"}


@pytest.mark.parametrize(("text", "source", "stype"), [
    ("According to NHS England, 7.6 million treatments were waiting.", "NHS England",
     "named_organization"),
    ("The group Smartphone Free Childhood claims that phones cause anxiety.",
     "The group Smartphone Free Childhood", "named_organization"),
    ("The Chancellor said the money would fund extra operations.", "The Chancellor",
     "unnamed_described"),
    ("Speaking in the Commons, the Chancellor said the money would fund extra operations.",
     "the Chancellor", "unnamed_described"),
    ("The Shadow Health Secretary claimed the package was not new.",
     "The Shadow Health Secretary", "unnamed_described"),
    ("The fire service said the main front was weakening.", "The fire service",
     "named_organization"),
    ("Sixty homes were destroyed, the fire service said.", "the fire service",
     "named_organization"),
    ("Prime Minister Kyriakos Mitsotakis said the fire was under control.",
     "Prime Minister Kyriakos Mitsotakis", "named_person"),
])
def test_a_source_type_follows_what_the_words_name_not_their_capitals(text, source, stype):
    """An acronym or "the group …" names an organisation, a title alone ("the Chancellor")
    describes a person without naming them, and "The" at a sentence's start changes nothing."""
    assert source_types(text) == {source: stype}


def test_a_time_phrase_before_the_verb_is_not_part_of_the_source():
    text = "LONDON (Reuters) - The Chancellor on Wednesday announced a £4.5bn package."
    assert spans(text, "source") == ["The Chancellor"]


@pytest.mark.parametrize(("text", "claim"), [
    ("Critics say the evidence for that claim is weaker than the group suggests.",
     "the evidence for that claim is weaker than the group suggests"),
    ("The minister said on that day that the plan was dead.", "the plan was dead"),
])
def test_that_after_a_preposition_is_a_determiner_not_a_complementiser(text, claim):
    assert spans(text, "claim") == [claim]


def test_a_second_verb_alleged_that_is_left_out_of_its_claim():
    text = ("The opposition claimed the package was old, and alleged that £900m of the money had "
            "already been announced.")
    assert spans(text, "claim") == ["the package was old",
                                    "£900m of the money had already been announced"]


def test_a_claim_that_starts_with_a_sum_of_money_keeps_its_currency_sign():
    assert spans("• £2.1bn for 18 new surgical hubs in the north\n", "claim") == [
        "£2.1bn for 18 new surgical hubs in the north"]


@pytest.mark.parametrize(("text", "hedges"), [
    ("The plan could add as much as 0.3% to growth.", ["could", "as much as"]),
    ("Prices could rise by as much as £300.", ["could", "as much as"]),
    ("The plan would add 0.3% to growth over five years.", ["would"]),
    ("The house is over 200 years old.", ["over"]),
])
def test_over_before_a_span_of_time_is_a_duration_and_as_much_as_an_approximator(text, hedges):
    assert spans(text, "hedge") == hedges


@pytest.mark.parametrize(("text", "hedges"), [
    ("She cautioned that such estimates were highly uncertain.", ["highly uncertain"]),
    ("Fires like this are now something we should expect every few years.", []),
    ("This material may not be published, broadcast or redistributed.", []),
    ("Call the helpline as soon as possible.", []),
    ("It is possible to book a test online.", []),
])
def test_look_alikes_of_hedge_cues_are_not_hedges(text, hedges):
    """A noun ("estimates were"), a plan ("we should expect"), permission ("may not be
    published") and ability ("possible to book") look like hedges but lower no commitment."""
    assert spans(text, "hedge") == hedges


def test_possible_after_a_form_of_be_is_a_hedge():
    text = "The fire service warned that flare-ups were possible overnight."
    assert spans(text, "hedge") == ["possible"]


def test_alleged_is_a_hedge_before_its_noun_and_not_as_a_reporting_verb():
    hedge = one("The alleged fraud cost the council two million pounds.", "hedge", "alleged")
    assert "not proven" in hedge.reason and hedge.alt_labels == ("source",)
    assert spans("The police alleged that he stole two million pounds.", "hedge") == []


@pytest.mark.parametrize(("text", "claim"), [
    ("Smartphone bans lift exam results by as much as 6%.",
     "Smartphone bans lift exam results by as much as 6%"),
    ("The lead author said the results were “striking”.", "the results were “striking”"),
    ("Smartphone bans in schools ‘improve grades’, a study claims.",
     "Smartphone bans in schools ‘improve grades’"),
])
def test_a_drafted_quote_keeps_its_per_cent_sign_and_closing_quotation_mark(text, claim):
    """A key's quote reads whole: "6" without its "%" or "‘improve grades" without its "’"
    looked broken to the teacher reviewing it."""
    assert claim in spans(text, "claim")


@pytest.mark.parametrize(("text", "source", "claim"), [
    (("The study, published on Tuesday in the journal The Lancet Regional Health, found that "
     "pupils slept longer."), "The study", "pupils slept longer"),
    ("The report, commissioned by the council, said that fees would rise.", "The report",
     "fees would rise"),
])
def test_a_participle_aside_between_a_source_and_its_verb_is_left_out(text, source, claim):
    assert spans(text, "source") == [source]
    assert spans(text, "claim") == [claim]


@pytest.mark.parametrize(("text", "source", "claims"), [
    (("The council declined to publish its report, saying it had not yet been shared with "
     "tenants."), "The council",
     ["The council declined to publish its report", "it had not yet been shared with tenants"]),
    ("Officials have disputed the figures, insisting that the harvest was normal.", "Officials",
     ["Officials have disputed the figures", "the harvest was normal"]),
])
def test_saying_after_a_clause_makes_its_subject_the_source(text, source, claims):
    assert spans(text, "source") == [source]
    assert spans(text, "claim") == claims


@pytest.mark.parametrize("text", ["The striker scored twice, adding to his tally.",
                                  "Prices rose sharply in May, suggesting demand had recovered."])
def test_a_participle_after_a_clause_that_reports_nothing_names_no_source(text):
    assert spans(text, "source") == []


def test_a_speaker_speaking_on_condition_of_anonymity_is_the_source():
    text = ("A former security adviser to the museum, speaking on condition of anonymity, said "
            "the alarms had been switched off.")
    assert spans(text, "source") == ["A former security adviser to the museum"]
    assert spans(text, "claim") == ["the alarms had been switched off"]


@pytest.mark.parametrize("text", ["Could the museum have done more?",
                                  "But might it happen again?"])
def test_a_modal_that_opens_a_question_is_no_hedge(text):
    assert spans(text, "hedge") == []


@pytest.mark.parametrize(("text", "claims"), [
    ("Thieves broke into Dunmore Museum overnight and stole an Iron Age gold necklace.",
     ["Thieves broke into Dunmore Museum overnight", "stole an Iron Age gold necklace"]),
    ("The council closed the library in May and reopened it in June.",
     ["The council closed the library in May", "reopened it in June"]),
    ("The injured and wounded were taken to hospital.",
     ["The injured and wounded were taken to hospital"]),
])
def test_two_events_of_one_subject_are_two_claims(text, claims):
    """KEY-GUIDE splits conjuncts: each event can be checked on its own."""
    assert spans(text, "claim") == claims


@pytest.mark.parametrize("credit", ["Health Secretary, Commons statement",
                                    "Council leader, budget meeting", "Rachel Reeves"])
def test_a_credit_line_without_a_dash_after_a_pull_quote_is_a_credit(credit):
    text = (f"The vote was close.\n“Budgets are shrinking faster than ever.”\n{credit}\n"
            "The council met again on Monday.\n")
    assert [t for _, _, t in clutter_lines(Article.from_text(text))] == [credit]
    assert not [c for c in spans(text, "claim") if credit in c]


@pytest.mark.parametrize("line", ["Health Secretary, Commons statement",
                                  "Teachers vow to strike over pay",
                                  "The council met again on Monday"])
def test_a_line_without_a_dash_is_a_credit_only_after_a_pull_quote_and_only_if_verbless(line):
    after_quote = f"The vote was close.\n“Budgets are shrinking.”\n{line}\n"
    after_text = f"The vote was close.\n{line}\n"
    assert clutter_lines(Article.from_text(after_text)) == []
    if line != "Health Secretary, Commons statement":
        assert clutter_lines(Article.from_text(after_quote)) == []


@pytest.mark.parametrize("text", [
    "The Chancellor announced £2bn for hospitals, saying every pound was new money.",
    "Ms Reeves said the package was fair, saying every pound was new money.",
    "The Health Secretary, Wes Streeting, defended the plan, saying that every pound was new money.",
    ("Speaking in the Commons, the Chancellor defended the package, saying every pound was new "
     "money."),
])
def test_what_follows_saying_is_the_claim_without_saying(text):
    claims = spans(text, "claim")
    assert "every pound was new money" in claims
    assert not [c for c in claims if "saying" in c]
    assert not [s for s in spans(text, "source") if "defended" in s]


@pytest.mark.parametrize("text", [
    "Dr Lena Okafor led the study. Later, Okafor said the results were surprising.",
    "Dr Lena Okafor led the study.\nWill it change anything? Perhaps, said Okafor.",
])
def test_a_surname_alone_after_the_full_name_is_a_named_person(text):
    assert source_types(text)["Okafor"] == "named_person"


@pytest.mark.parametrize(("text", "source"), [
    ("Tesco said profits rose by a tenth.", "Tesco"),
    ("Northgate Housing Association owns the block. Northgate said repairs were planned.",
     "Northgate"),
])
def test_a_single_name_not_met_as_a_surname_stays_an_organisation(text, source):
    assert source_types(text)[source] == "named_organization"


@pytest.mark.parametrize(("text", "source", "head"), [
    ("The cuts will hurt families, according to a report by the IFS.", "a report by the IFS",
     "IFS"),
    ("A new report by the Northfield Health Trust found that waits had fallen.",
     "A new report by the Northfield Health Trust", "Northfield Health Trust"),
    ("A study by the World Weather Attribution group found that droughts had become likelier.",
     "A study by the World Weather Attribution group", "World Weather Attribution group"),
])
def test_a_report_by_a_named_organisation_is_a_named_organisation(text, source, head):
    s = one(text, "source", source)
    assert s.source_type == "named_organization"
    assert text[s.min_span[0]:s.min_span[1]] == head


def test_a_report_by_no_one_named_stays_vague():
    assert source_types("Research by scientists found that bees can count.") == {
        "Research by scientists": "vague"}


def test_describing_without_reported_content_is_no_attribution():
    text = "Residents described scenes of panic."
    assert spans(text, "source") == []
    assert spans(text, "claim") == ["Residents described scenes of panic"]


@pytest.mark.parametrize(("text", "source"), [
    ("Residents said the water rose quickly.", "Residents"),
    ("Residents described how the water rose within minutes.", "Residents"),
    ("Aid workers described camps where thousands of families had arrived.", "Aid workers"),
    ("The mayor described the flood as the worst in a century.", "The mayor"),
])
def test_describing_with_reported_content_is_still_attribution(text, source):
    assert spans(text, "source") == [source]


@pytest.mark.parametrize(("text", "claim"), [
    ("Brown trout, grayling and eels were found dead near the weir.",
     "Brown trout, grayling and eels were found dead near the weir"),
    ("Brown trout, grayling, perch and eels were found dead near the weir.",
     "Brown trout, grayling, perch and eels were found dead near the weir"),
    ("Mackerel, herring and cod are caught off the coast every winter.",
     "Mackerel, herring and cod are caught off the coast every winter"),
])
def test_a_list_subject_keeps_its_first_item(text, claim):
    assert spans(text, "claim") == [claim]


@pytest.mark.parametrize(("text", "source", "stype", "claims"), [
    ("Unions oppose the cuts that they say will hurt families.", "they", "unnamed_described",
     ["Unions oppose the cuts", "will hurt families"]),
    (("Tenants have stopped paying rent in protest at mould that they say is making their "
      "children ill."), "they", "unnamed_described",
     ["Tenants have stopped paying rent in protest at mould", "is making their children ill"]),
    ("Unions oppose the cuts that critics say will hurt families.", "critics", "vague",
     ["Unions oppose the cuts", "will hurt families"]),
    ("Critics oppose the cuts that they say will hurt families.", "they", "vague",
     ["Critics oppose the cuts", "will hurt families"]),
    ("The council approved cuts that they say will hurt families.", "they", "vague",
     ["The council approved cuts", "will hurt families"]),
])
def test_a_reporting_verb_inside_a_relative_clause_attributes_its_predicate(text, source, stype,
                                                                            claims):
    """"the cuts that they say will hurt families": the writer says the unions oppose the cuts;
    that the cuts will hurt families is what "they" say. "they" stands for the sentence's plural
    subject, a described group ("Unions", "Tenants"), typed as that group is (vague for
    "Critics"); with no plural subject it names no one, a vague source."""
    found = [s for s in run_suggest(text)[1] if s.label == "source"]
    assert [(s.text, s.source_type) for s in found] == [(source, stype)]
    assert spans(text, "claim") == claims


@pytest.mark.parametrize(("text", "claims"), [
    ("The council needs more money but has received none.",
     ["The council needs more money", "has received none"]),
    ("The council needs more money but wants no new taxes.",
     ["The council needs more money", "wants no new taxes"]),
    ("The agency says it needs $900 million but has so far received less than a third of it.",
     ["it needs $900 million", "has so far received less than a third of it"]),
    ("The shop sells apples and pears from local farms.",
     ["The shop sells apples and pears from local farms"]),
    ("The council's plans and budgets were cut.", ["The council's plans and budgets were cut"]),
])
def test_two_present_tense_verbs_of_one_subject_are_two_claims(text, claims):
    """As in the past tense: "needs more money but has received none" is two checkable
    propositions."""
    assert spans(text, "claim") == claims


# -- drafter mistakes found by teachers (a council's pool closure) -------------------------

POOL = (
    "Councillors backed the closure by seven votes to four after officers warned that the 1964 "
    "building needs repairs costing at least £2.3 million.\n"
    "Opponents say the closure will hit older residents and schools hardest. Tom Okafor, who "
    "chairs the Save Riverside Pool campaign, said more than 4,000 people had signed a petition "
    "against it.\n")


@pytest.mark.parametrize(("text", "source", "claims"), [
    (POOL.split("\n")[0], "officers",
     ["Councillors backed the closure by seven votes to four",
      "the 1964 building needs repairs costing at least £2.3 million"]),
    ("The strike was called off because union leaders said the offer was fair.",
     "union leaders", ["The strike was called off", "the offer was fair"]),
    ("The shares fell after the company denied any wrongdoing.", "the company",
     ["The shares fell", "the company denied any wrongdoing"]),
    ("After officers warned that the building needed repairs, councillors backed the closure.",
     "officers", ["the building needed repairs", "councillors backed the closure"]),
    (("It is understood that the site could be sold for housing, although the council said no "
      "decision had been made."), "the council",
     ["the site could be sold for housing", "no decision had been made"]),
])
def test_a_speech_verb_in_a_subordinate_clause_has_its_own_subject(text, source, claims):
    """"… after officers warned that …": "after" starts a new clause, whose subject is the
    speaker; the main clause is the writer's own claim, not part of the source."""
    assert spans(text, "source") == [source]
    assert spans(text, "claim") == claims


@pytest.mark.parametrize(("text", "source"), [
    ("A report published after the meeting said the pool should close.",
     "A report published after the meeting"),
    ("The head of the council since 2019 said the pool should close.",
     "The head of the council since 2019"),
])
def test_a_preposition_like_after_or_since_inside_a_subject_keeps_the_subject(text, source):
    assert spans(text, "source") == [source]


@pytest.mark.parametrize(("text", "source", "stype"), [
    (POOL, "Opponents", "vague"),  # like "Critics say": KEY-GUIDE's weasel words
    ("Doctors say the virus is spreading.", "Doctors", "unnamed_described"),
    ("Prosecutors told the jury that the fire was started deliberately.", "Prosecutors",
     "unnamed_described"),
    ("Hospital managers said the backlog was caused by staff shortages.", "Hospital managers",
     "unnamed_described"),
])
def test_a_plural_role_noun_opening_a_sentence_is_no_organisation(text, source, stype):
    """"Opponents say …": capitalised only because it opens the sentence; a group described by
    its role, not a named organisation."""
    assert source_types(text)[source] == stype


def test_an_appositive_relative_clause_stays_with_its_named_speaker():
    s = one(POOL, "source", "Tom Okafor, who chairs the Save Riverside Pool campaign")
    assert s.source_type == "named_person"
    assert "more than 4,000 people had signed a petition against it" in spans(POOL, "claim")


@pytest.mark.parametrize(("text", "source", "said", "own"), [
    ("The plan, which officials say will cost £2m, was approved.", "officials", "will cost £2m",
     "The plan, which officials say will cost £2m, was approved"),
    ("The bridge, which engineers say needs urgent repairs, will close in May.", "engineers",
     "needs urgent repairs",
     ("The bridge, which engineers say needs urgent repairs, will close in May")),
])
def test_a_speaker_in_an_inserted_relative_clause_attributes_only_that_clause(text, source, said,
                                                                              own):
    """"The plan, which officials say will cost £2m, was approved": officials say what it will
    cost; that it was approved is the writer's, and no claim runs across the comma."""
    assert spans(text, "source") == [source]
    claims = spans(text, "claim", "core")
    assert said in claims and own in claims
    assert not [c for c in claims if c.startswith(said) and c != said]


@pytest.mark.parametrize(("text", "claims"), [
    ("Residents say the water smells and warn that children could fall ill.",
     ["the water smells", "children could fall ill"]),
    ("Tenants say the flats are damp and say the landlord has ignored them.",
     ["the flats are damp", "the landlord has ignored them"]),
    ("Experts say prices will rise and add that wages will not keep up.",
     ["prices will rise", "wages will not keep up"]),
])
def test_a_plural_subject_with_two_present_tense_saying_verbs_makes_two_claims(text, claims):
    """"Residents say … and warn that …": one source, two claims; the second verb is no
    new frame ("the flats" is no speaker)."""
    assert len(spans(text, "source")) == 1
    assert spans(text, "claim") == claims


@pytest.mark.parametrize(("text", "sources", "claims"), [
    ("After officials said the bridge was safe, engineers warned that it might collapse.",
     ["officials", "engineers"], ["the bridge was safe", "it might collapse"]),
    ("Because police said the road was closed, drivers told reporters that they were stuck.",
     ["police", "drivers"], ["the road was closed", "they were stuck"]),
    ("Since Hale told the meeting the pool was safe, critics have argued that it is not.",
     ["Hale", "critics"], ["the pool was safe", "it is not"]),
    # "Estimates suggest" is a source in kn23's key; the main clause reads as it does alone
    ("Although residents say the water is clean, tests suggest otherwise.",
     ["residents", "tests"], ["the water is clean", "tests suggest otherwise"]),
    (("Because the company said the plant was safe, regulators did not inspect it, the report "
      "found."), ["the company", "the report"],
     ["the plant was safe", "regulators did not inspect it"]),
    (("Although officials said the bridge, which opened in 1964, was safe, engineers warned "
      "that it might collapse."), ["officials", "engineers"],
     ["the bridge, which opened in 1964, was safe", "which opened in 1964",
      "it might collapse"]),
])
def test_a_main_clause_after_a_leading_subordinate_clause_keeps_its_own_frame(text, sources,
                                                                            claims):
    """"After officials said X, engineers warned that Y": the main clause has its own speaker
    and its own content, read as it would be on its own; only a main clause with no frame of
    its own ("…, councillors backed the closure") is the writer's."""
    assert spans(text, "source") == sources
    assert spans(text, "claim") == claims
    found = run_suggest(text)[1]
    assert not [s for s in found if s.label == "claim" and "writer's own" in s.reason]
    main = text[text.index(", ") + 2:]
    if "which" not in text:  # the main clause alone gives the same suggestions
        alone = main[0].upper() + main[1:]
        assert [s.text.lower() for s in run_suggest(alone)[1]] == \
            [s.text.lower() for s in found if s.start >= text.index(main)]


@pytest.mark.parametrize(("text", "source", "claims"), [
    ("After officers warned that the building needed repairs, councillors backed the closure.",
     "officers", ["the building needed repairs", "councillors backed the closure"]),
    ("Since officials said the bridge was safe, it has reopened to traffic.",
     "officials", ["the bridge was safe", "it has reopened to traffic"]),
])
def test_a_main_clause_with_no_frame_after_a_leading_speaker_is_the_writers(text, source, claims):
    assert spans(text, "source") == [source]
    assert spans(text, "claim") == claims
    last = [s for s in run_suggest(text)[1] if s.label == "claim"][-1]
    assert "writer's own" in last.reason


def test_a_leading_clause_with_no_speaker_is_not_read_as_a_statement():
    """"When told of the decision, residents said …": "told" has no subject; the clause is no
    frame of its own and no claim."""
    text = "When told of the decision, residents said they would appeal against it."
    assert spans(text, "source") == ["residents"]
    assert spans(text, "claim") == ["they would appeal against it"]


# -- drafter mistakes found by a teacher (a park's closure) --------------------------------


@pytest.mark.parametrize(("text", "source", "claim"), [
    ("Residents complained that the park was dirty.", "Residents", "the park was dirty"),
    ("Residents complain the paths are never swept.", "Residents", "the paths are never swept"),
    ("The council protested that the figures were wrong.", "The council", "the figures were wrong"),
    ("Patel pointed out that the park had been shut for a year.", "Patel",
     "the park had been shut for a year"),
    ("“The council has ignored us for years,” complained Anita Patel.", "Anita Patel",
     "The council has ignored us for years"),
])
def test_complaining_and_protesting_are_reporting_verbs(text, source, claim):
    """KEY-GUIDE's attribution verbs are not the only ones: "complained that", "protested
    that", "pointed out that" attribute what follows to their subject."""
    assert spans(text, "source") == [source]
    assert spans(text, "claim") == [claim]


@pytest.mark.parametrize("text", ["Residents complained about the noise.",
                                  "Brightwave recalls 40,000 scooters over a fire risk."])
def test_complain_or_recall_with_no_clause_after_it_is_no_frame(text):
    """"complained about the noise" reports no claim; "recalls 40,000 scooters" is a product
    recall, not a memory: without a clause after it, the sentence is the writer's."""
    assert spans(text, "source") == []
    assert spans(text, "claim") == [text.rstrip(".")]


@pytest.mark.parametrize(("text", "claims"), [
    ("The council promised action but did nothing.", ["The council promised action",
                                                       "did nothing"]),
    ("Nothing happened.", ["Nothing happened"]),
    ("Prices rose; wages fell.", ["Prices rose", "wages fell"]),
    ("Officials said nothing happened.", ["nothing happened"]),
])
def test_a_two_word_clause_with_a_verb_is_a_claim(text, claims):
    """"did nothing" can be checked as well as a longer clause: two words with a finite verb
    are a claim of their own, as KEY-GUIDE splits conjuncts."""
    assert spans(text, "claim") == claims


@pytest.mark.parametrize("text", ["“Never again,” she said.", "Officials said nothing."])
def test_two_words_with_no_verb_of_their_own_are_no_claim(text):
    assert not [c for c in spans(text, "claim") if len(c.split()) == 2]


@pytest.mark.parametrize(("text", "source", "claims"), [
    ("Councillors voted after officers warned that the bridge was unsafe.", "officers",
     ["Councillors voted", "the bridge was unsafe"]),
    ("Patel resigned after the council said the park would close.", "the council",
     ["Patel resigned", "the park would close"]),
])
def test_a_verb_with_no_object_before_after_ends_the_main_clause(text, source, claims):
    """"Councillors voted after officers warned that …": "voted" takes no object, so "after"
    starts the clause whose subject, "officers", is the speaker; the vote is the writer's."""
    assert spans(text, "source") == [source]
    assert spans(text, "claim") == claims


def test_a_participle_before_after_and_no_speaker_next_keeps_the_subject():
    text = "The man arrested after the raid said he was innocent."
    assert spans(text, "source") == ["The man arrested after the raid"]


@pytest.mark.parametrize("text", [
    "The park costs £40,000 a year, according to a report presented to the meeting.",
    "The park costs £40,000 a year, said a report presented to the meeting.",
    "According to a report presented to the meeting on Monday, the park costs £40,000 a year.",
])
def test_a_participle_phrase_after_a_source_stays_in_the_source(text):
    """"a report presented to the meeting": "to the meeting" is the participle's phrase, not
    the start of a new one; the head is "report" (a document: a vague source), and a leading
    frame never takes the claim after it as an appositive."""
    s = one(text, "source", "a report presented to the meeting")
    assert s.source_type == "vague"
    assert text[s.min_span[0]:s.min_span[1]] == "report"
    assert spans(text, "claim") == [("The" if text.startswith("The") else "the") +
                                    " park costs £40,000 a year"]


def test_figures_published_by_a_named_body_show_is_a_trailing_frame():
    """"…, figures published by the exams board on Thursday show.": "show" ends the clause
    after a plural noun and its participle phrase, so it is the verb, not the noun."""
    text = "Fewer pupils passed, figures published by the exams board on Thursday show."
    s = one(text, "source", "figures published by the exams board")
    assert s.source_type == "named_organization"
    assert spans(text, "claim") == ["Fewer pupils passed"]


@pytest.mark.parametrize(("text", "source", "claim"), [
    ("According to officials, the park costs too much.", "officials", "the park costs too much"),
    ("According to the council, the repairs cost more.", "the council", "the repairs cost more"),
])
def test_a_leading_according_to_never_takes_its_claim_as_an_appositive(text, source, claim):
    """A present-tense claim after "According to X," looks like a noun phrase ("the park
    costs …"); a leading frame's claim follows it, so it is never read as X's role."""
    assert spans(text, "source") == [source]
    assert spans(text, "claim") == [claim]


@pytest.mark.parametrize("intro", [
    "Nurse Anita Patel opposes the plan. The nurse is angry.",  # "nurse" is a word here
    "Patel, a councillor for Eastfield, opposes the plan.",
    "Patel, 42, opposes the plan.",
    "The plan upset Mark Patel, who will mark the day with a protest.",
])
def test_a_surname_alone_after_the_person_was_introduced_is_a_named_person(intro):
    """A person is introduced by a full name (even after a capitalised word that only opens
    the sentence), or by a surname with a role or an age after it; later, "Patel said" is that
    person, not an organisation."""
    text = intro + "\nPatel said the council had ignored residents."
    assert source_types(text)["Patel"] == "named_person"


def test_a_single_name_with_a_persons_role_after_it_is_a_named_person():
    assert source_types("Patel, a nurse, said the ward was full.") == {
        "Patel, a nurse": "named_person"}


@pytest.mark.parametrize(("text", "source", "stype"), [
    ("Tesco, the supermarket chain, opposes the plan. Tesco said prices rose.", "Tesco",
     "named_organization"),
    ("Police said a man had been arrested.", "Police", "named_organization"),
    ("Officers said a man had been arrested.", "Officers", "unnamed_described"),
])
def test_a_company_or_the_police_stays_an_organisation(text, source, stype):
    """KEY-GUIDE's types: "police" speaking as a force is one identified body, an
    organisation; its officers are people, unnamed but described."""
    assert source_types(text)[source] == stype


@pytest.mark.parametrize("second", ["“We will not wait for the council,” she said.",
                                    "She added that we will not wait for the council."])
def test_he_or_she_said_names_the_person_cited_before_in_the_claims_reason(second):
    """KEY-GUIDE's sources are named people, organisations, described people and vague
    sources: a pronoun is none of them but stands for one. "she said" is no source of its own
    (as the held-out keys agree: none requires one); the claim's reason says who she most
    likely is, so the author can see whose words they are."""
    text = "Anita Patel, a nurse, said the council had ignored residents.\n" + second
    assert spans(text, "source") == ["Anita Patel, a nurse"]
    claim = one(text, "claim", "we will not wait for the council" if "added" in second else
                "We will not wait for the council")
    assert "'she', most likely Anita Patel" in claim.reason


def test_a_pronoun_with_no_person_cited_before_it_names_no_one():
    claim = one("“We will not wait for the council,” she said.", "claim",
                "We will not wait for the council")
    assert "most likely" not in claim.reason


@pytest.mark.parametrize(("text", "source"), [
    ("The developer, Halden Homes, said the flats would be affordable.",
     "The developer, Halden Homes"),
    ("Harlow Foods, the supermarket chain, said prices would fall.",
     "Harlow Foods, the supermarket chain"),
    ("The park was a success, the Eastfield Residents’ Association said.",
     "the Eastfield Residents’ Association"),
])
def test_a_name_its_neighbours_show_to_be_a_company_is_an_organisation(text, source):
    """Two capitalised words are usually a person; not when a company's description stands
    beside them ("the supermarket chain", "The developer,") or an organisation word follows
    a plural possessive ("Residents’ Association")."""
    assert source_types(text)[source] == "named_organization"


# -- drafter mistakes found on a long investigative feature --------------------------------

FEATURE = (
    "The Bridge Nobody Fixed\n\n"
    "How a county promised new bridges by 2024, and why drivers still take the long way\n\n"
    "Engineers closed the Mill Lane bridge in 2019 after cracks were found in its piers.\n\n"
    "What the county says now\n\n"
    "Storm damage may delay the repairs\n\n"
    "The county said the bridge would reopen next spring.\n\n"
    "Jane Doe can be reached at jdoe@valleynews.org. Data reporter Tom Lee contributed to "
    "this report.\n")


def test_headings_are_not_claims_nor_sources():
    """A standfirst and a subheading (a paragraph of one short line with no punctuation to
    end a sentence, after the headline) name a topic: they state nothing a student should
    check, and "What the county says" names no source. A hedge cue in one is still a hedge
    cue. The headline is read as a sentence: "Council says bridge repairs may take longer"
    says who says what."""
    found = run_suggest(FEATURE)[1]
    texts = {s.text for s in found if s.label in ("claim", "source")}
    for heading in ("How a county promised new bridges", "What the county says now",
                    "Storm damage may delay the repairs", "What the county"):
        assert not [t for t in texts if heading in t or t in heading], heading
    headline = "Council says bridge repairs may take longer\n\nThe bridge is shut.\n"
    assert "Council" in spans(headline, "source")
    assert "bridge repairs may take longer" in spans(headline, "claim")
    assert "may" in spans(FEATURE, "hedge")
    assert "Engineers closed the Mill Lane bridge in 2019" in " ".join(spans(FEATURE, "claim"))
    assert "the bridge would reopen next spring" in spans(FEATURE, "claim")


@pytest.mark.parametrize("text", [
    "The vote was close.\n\nThe council approved the budget on Monday",  # the last line
    "The vote was close.\n\n- Fees will rise by 5% in April\n- Two libraries will close\n\nEnd.",
    ("The vote was close.\n\nMs Patel said the council had ignored residents for years and "
     "that the pool would close in the spring, leaving the town without one\n\nEnd."),
])
def test_a_sentence_without_its_full_stop_is_still_read(text):
    """Not a heading: the article's last line, a list item, a long line."""
    claims = " ".join(spans(text, "claim"))
    assert "council approved the budget" in claims or "Fees will rise" in claims or \
        "the pool would close in the spring" in claims


def test_credit_and_contact_lines_are_clutter_not_claims():
    """"X can be reached at <address>" and "X contributed to this report" close a story:
    names and press roles only, no claim of the story."""
    article = Article.from_text(FEATURE)
    assert [t for _, _, t in clutter_lines(article)] == [
        ("Jane Doe can be reached at jdoe@valleynews.org. Data reporter Tom Lee contributed to "
         "this report.")]
    assert not [c for c in spans(FEATURE, "claim") if "contributed" in c or "reached" in c]


@pytest.mark.parametrize("line", [
    "Associated Press writers Ann Roe in Leeds and Bo Lin contributed to this report.",
    "Ann Roe contributed reporting from Kyiv.",
    "Contact Ann Roe at aroe@valleynews.org",
])
def test_other_credit_lines_are_clutter(line):
    assert [t for _, _, t in clutter_lines(Article.from_text(f"Intro.\n{line}\n"))] == [line]


@pytest.mark.parametrize("line", [
    "Volunteers contributed to the clean-up.",
    "Residents can be reached at the helpline on 0800 123 456.",
    "Local firms contributed to this report by the council, which was published on Monday.",
])
def test_a_sentence_that_only_looks_like_a_credit_is_kept(line):
    assert clutter_lines(Article.from_text(f"Intro.\n{line}\nLast line.\n")) == []


@pytest.mark.parametrize(("text", "source"), [
    (("“The bins are never emptied,” said Hale, 58, a retired postman who has lived on the "
      "estate since 1990 and chairs the tenants’ group."),
     ("Hale, 58, a retired postman who has lived on the estate since 1990 and chairs the "
      "tenants’ group")),
    (("“Fares will rise again,” said Nadia Brook, a transport analyst at Westfield University "
      "who has studied bus networks in a dozen cities and advised the council."),
     ("Nadia Brook, a transport analyst at Westfield University who has studied bus networks "
      "in a dozen cities and advised the council")),
    (("“Fares will rise again,” said Nadia Brook, a former member of the city’s transport "
      "board, which was scrapped in 2020 after a long row."),
     "Nadia Brook, a former member of the city’s transport board"),
])
def test_a_speaker_after_a_quotation_with_an_age_or_a_long_description(text, source):
    """“…,” said X, 58, a retired postman who …: the frame is long only because it describes
    the speaker. The speaker, with the role, is the source; the quotation alone the claim."""
    assert source_types(text) == {source: "named_person"}
    quote = text[1:text.index("”") - 1]
    assert spans(text, "claim") == [quote]


@pytest.mark.parametrize(("text", "source"), [
    ("“The bins are never emptied,” said Hale, 58, a retired postman.",
     "Hale, 58, a retired postman"),
    ("“The bins are never emptied,” said Hale, 58.", "Hale"),
    ("Hale, 58, said the bins were never emptied.", "Hale"),
    ("“The bins are never emptied,” said Hale, a retired postman who has lived here for years.",
     "Hale, a retired postman who has lived here for years"),
])
def test_a_single_name_with_an_age_or_a_role_with_who_is_a_person(text, source):
    """A surname alone is a person when an age or "a …, who" follows it (a company is
    "which"), even when the source ends before them or the role is not in the word list."""
    assert source_types(text) == {source: "named_person"}


def test_a_quotation_that_opens_with_if_is_a_claim_not_a_stated_unknown():
    text = "“If prices keep rising, we will lose customers,” said Jo Osei, a shop owner."
    assert spans(text, "claim") == ["we will lose customers"]


@pytest.mark.parametrize(("text", "source", "claim"), [
    (("Two drivers who work on the route, speaking on condition of anonymity because they "
      "fear losing their jobs, said the buses were often late."),
     "Two drivers who work on the route", "the buses were often late"),
    (("Two nurses who worked on the ward, speaking on condition of anonymity because they "
      "still work for the trust, said shifts were often short."),
     "Two nurses who worked on the ward", "shifts were often short"),
    ("The rail regulator, in response to questions, said it was reviewing the timetable.",
     "The rail regulator", "it was reviewing the timetable"),
    ("The council, in a statement, said the road would reopen in May.", "The council",
     "the road would reopen in May"),
])
def test_an_aside_between_a_source_and_its_verb(text, source, claim):
    """"X, speaking on condition of anonymity because …, said" and "X, in response to
    questions, said": the aside says how the source spoke, and the reason after "because" is
    not what they said."""
    assert list(source_types(text)) == [source]
    assert spans(text, "claim") == [claim]


@pytest.mark.parametrize("text", [
    ("A survey by the Valley Courier found that rents rose. The Courier found that most "
     "tenants paid late."),
    "The Courier found that most tenants paid late.",
])
def test_a_name_after_the_is_not_a_person(text):
    """"The Courier", "the Valley Courier": a publication or body. People's names do not take
    "the" (titles do: "the Chancellor")."""
    assert "named_person" not in source_types(text).values()


@pytest.mark.parametrize("text", [
    "“I believed it,” said the farmer. “Why wouldn’t I?”",
    "“I’ll believe it when the trucks arrive,” she said.",
    "Most towns found that their records were less complete than they assumed.",
    "The grant was supposed to cover the whole project.",
])
def test_not_hedges_believe_it_than_assumed_supposed_to(text):
    """"believe it" (trust in what was said), a verb that ends a comparison ("than they
    assumed"), and "was supposed to cover" (what was meant to happen) lower no commitment."""
    assert spans(text, "hedge") == []


@pytest.mark.parametrize(("text", "hedge"), [
    ("“I believe it is too late,” she said.", "believe"),
    ("Officials believe them to be safe.", "believe"),
    ("The statue is supposed to have been stolen in 1910.", "is supposed"),
])
def test_believe_and_supposed_with_a_proposition_stay_hedges(text, hedge):
    assert spans(text, "hedge") == [hedge]


def test_a_verb_that_ends_a_comparison_frames_no_source():
    text = ("An inquiry found that the work was slower, more costly and less visible than the "
            "public statements suggest.")
    assert list(source_types(text)) == ["An inquiry"]
