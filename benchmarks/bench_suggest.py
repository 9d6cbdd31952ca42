"""How good are the rule-based suggestions? Score them as if they were a student's marks.

    python benchmarks/bench_suggest.py

Scores ``annotator.suggest`` with the project's own scorer (``annotator.scoring.score``,
standard policy) against

1. ``answer_keys/kn23.yaml``, the calibrated key of the seed article, and
2. five held-out sets of short articles (health, local council, sport, science, court; in set D
   weather, business, education, technology; in set E river pollution, a tenants' rent strike,
   drought and food aid, a museum theft), each keyed by KEY-GUIDE.md before the suggester was
   run on it.

kn23 is the article the rules were developed next to, so its figures flatter them. Each
held-out set was scored once, blind, and those first-run figures are recorded below
(``BLIND_FIRST_RUNS``): they are the honest estimate for a new article. General bugs the
first runs of sets A-D exposed were then fixed, so their current figures are no longer blind.
The keys of sets A-C were written by the same person as the rules, which flatters their
figures too; the keys of sets D and E were written by people who had not read the rules (set E's
also without reading the rules' tests or running the suggester until the keys were done).
Prints tables; asserts nothing.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.article import Article
from annotator.key import load_key, parse_key
from annotator.scoring import score
from annotator.suggest import suggest

ROOT = Path(__file__).resolve().parent.parent
LABELS = ("claim", "source", "hedge")
GOALS = {"claim": 0.6, "source": 0.75, "hedge": 0.75}

# -- held-out articles and their keys (written before running the suggester) ----------------

HELD_OUT = {
    "health": (
        ("Hospital waiting lists in the region could fall by a third next year, according to a "
        "new report by the Northfield Health Trust.\n"
        "The report, published on Tuesday, found that about 4,000 patients waited more than 18 "
        "weeks for routine surgery in May. Hospital managers said the backlog was caused mainly "
        "by staff shortages.\n"
        "“We have clearly turned a corner,” said Dr Priya Natarajan, the trust’s medical "
        "director. “Our new surgical hub is already treating 200 extra patients a month.”\n"
        "Critics say the figures may hide longer waits for mental health services. Sarah Cole, "
        "a spokesperson for the patients’ group Health Watch North, told the Gazette that some "
        "families had waited over a year for an appointment.\n"
        "It is believed that several clinics will close in the summer. Visitors may park free "
        "of charge at the main site until the new car park opens.\n"
        "The health minister appeared on local radio on Wednesday and confirmed that funding "
        "for the hub would continue. Whether the promised nurses will arrive in time remains "
        "unclear.\n"),
        """
items:
  - {id: c-lists-fall, label: claim, quote: "Hospital waiting lists in the region could fall by a third next year", min: "waiting lists in the region could fall"}
  - {id: c-4000-waited, label: claim, quote: "about 4,000 patients waited more than 18 weeks for routine surgery in May", min: "patients waited more than 18 weeks"}
  - {id: c-published-tuesday, label: claim, quote: "published on Tuesday", required: false}
  - {id: c-backlog-staff, label: claim, quote: "the backlog was caused mainly by staff shortages", min: "the backlog was caused"}
  - {id: c-turned-corner, label: claim, quote: "We have clearly turned a corner"}
  - {id: c-hub-200, label: claim, quote: "Our new surgical hub is already treating 200 extra patients a month", min: "hub is already treating 200 extra patients"}
  - {id: c-figures-hide, label: claim, quote: "the figures may hide longer waits for mental health services", min: "the figures may hide longer waits"}
  - {id: c-families-waited, label: claim, quote: "some families had waited over a year for an appointment", min: "families had waited over a year"}
  - {id: c-clinics-close, label: claim, quote: "several clinics will close in the summer", min: "clinics will close"}
  - {id: c-visitors-park, label: claim, quote: "Visitors may park free of charge at the main site until the new car park opens", required: false}
  - {id: c-minister-radio, label: claim, quote: "The health minister appeared on local radio on Wednesday", min: "The health minister appeared on local radio"}
  - {id: c-funding-continue, label: claim, quote: "funding for the hub would continue"}
  - {id: s-report-trust, label: source, quote: "a new report by the Northfield Health Trust", min: "Northfield Health Trust", max: "according to a new report by the Northfield Health Trust", source_type: named_organization}
  - {id: s-the-report, label: source, quote: "The report", nth: 1, required: false, source_type: named_organization}
  - {id: s-managers, label: source, quote: "Hospital managers", min: "managers", max: "Hospital managers said", source_type: unnamed_described}
  - {id: s-natarajan, label: source, quote: "Dr Priya Natarajan, the trust’s medical director", min: "Priya Natarajan", max: "said Dr Priya Natarajan, the trust’s medical director", source_type: named_person}
  - {id: s-critics, label: source, quote: "Critics", max: "Critics say", source_type: vague}
  - {id: s-cole, label: source, quote: "Sarah Cole, a spokesperson for the patients’ group Health Watch North", min: "Sarah Cole", source_type: named_person}
  - {id: s-minister, label: source, quote: "The health minister", min: "minister", source_type: unnamed_described}
  - {id: h-could, label: hedge, quote: "could"}
  - {id: h-about, label: hedge, quote: "about", required: false}
  - {id: h-more-than, label: hedge, quote: "more than", required: false}
  - {id: h-mainly, label: hedge, quote: "mainly", required: false}
  - {id: h-may, label: hedge, quote: "may", nth: 1}
  - {id: h-some, label: hedge, quote: "some", required: false}
  - {id: h-over, label: hedge, quote: "over", required: false}
  - {id: h-believed, label: hedge, quote: "is believed", min: "believed", max: "It is believed that", alt_labels: [source], source_type: implicit}
  - {id: h-several, label: hedge, quote: "several", required: false}
  - {id: h-unclear, label: hedge, quote: "unclear", max: "remains unclear"}
""",
    ),
    "council": (
        ("Councillors in Eastbrook voted on Monday to close two public libraries, despite a "
        "petition signed by more than 3,000 residents.\n"
        "The council’s finance chief, Tom Baker, said the closures would save around £400,000 a "
        "year. \"We simply cannot keep every building open,\" he said. \"The money has to come "
        "from somewhere.\"\n"
        "Residents packed the public gallery during the meeting. Margaret Hill, who has used the "
        "Station Road library for forty years, said the decision was a disgrace.\n"
        "The closures are expected to take effect in September. A consultation last year showed "
        "that most people wanted the libraries to stay open, the Eastbrook Residents’ "
        "Association said.\n"
        "Opposition councillors argued that the savings were exaggerated. The libraries might "
        "reopen as community hubs if volunteers can be found, according to a council "
        "spokesperson.\n"
        "The council leader could not be reached for comment.\n"),
        """
items:
  - {id: c-voted-close, label: claim, quote: "Councillors in Eastbrook voted on Monday to close two public libraries", min: "voted on Monday to close two public libraries"}
  - {id: c-petition, label: claim, quote: "a petition signed by more than 3,000 residents", required: false}
  - {id: c-save-400k, label: claim, quote: "the closures would save around £400,000 a year", min: "the closures would save"}
  - {id: c-cannot-keep, label: claim, quote: "We simply cannot keep every building open"}
  - {id: c-money-somewhere, label: claim, quote: "The money has to come from somewhere", required: false}
  - {id: c-packed-gallery, label: claim, quote: "Residents packed the public gallery during the meeting", min: "Residents packed the public gallery"}
  - {id: c-used-forty-years, label: claim, quote: "who has used the Station Road library for forty years", required: false}
  - {id: c-disgrace, label: claim, quote: "the decision was a disgrace"}
  - {id: c-september, label: claim, quote: "The closures are expected to take effect in September", min: "take effect in September"}
  - {id: c-most-wanted-open, label: claim, quote: "A consultation last year showed that most people wanted the libraries to stay open", min: "most people wanted the libraries to stay open"}
  - {id: c-exaggerated, label: claim, quote: "the savings were exaggerated"}
  - {id: c-reopen-hubs, label: claim, quote: "The libraries might reopen as community hubs if volunteers can be found", min: "The libraries might reopen as community hubs"}
  - {id: c-leader-unreachable, label: claim, quote: "The council leader could not be reached for comment", required: false}
  - {id: s-baker, label: source, quote: "The council’s finance chief, Tom Baker", min: "Tom Baker", source_type: named_person}
  - {id: s-hill, label: source, quote: "Margaret Hill, who has used the Station Road library for forty years", min: "Margaret Hill", source_type: named_person}
  - {id: s-consultation, label: source, quote: "A consultation last year", min: "consultation", required: false, source_type: vague}
  - {id: s-association, label: source, quote: "the Eastbrook Residents’ Association", min: "Eastbrook Residents’ Association", source_type: named_organization}
  - {id: s-opposition, label: source, quote: "Opposition councillors", min: "councillors", source_type: unnamed_described}
  - {id: s-spokesperson, label: source, quote: "a council spokesperson", min: "spokesperson", max: "according to a council spokesperson", source_type: unnamed_described}
  - {id: h-more-than, label: hedge, quote: "more than", required: false}
  - {id: h-around, label: hedge, quote: "around", required: false}
  - {id: h-expected, label: hedge, quote: "are expected", min: "expected", max: "are expected to", alt_labels: [source], source_type: implicit}
  - {id: h-most, label: hedge, quote: "most", required: false}
  - {id: h-might, label: hedge, quote: "might"}
""",
    ),
    "sport": (
        ("Riverside United have reportedly agreed a £12 million fee for the Brazilian striker "
        "Lucas Ferreira.\n"
        "The deal is likely to be completed before the transfer window closes on Friday, "
        "sources close to the club said. Ferreira, 24, scored 19 goals in the Brazilian league "
        "last season.\n"
        "“He is exactly the kind of player we need,” manager Helen Ward told reporters after "
        "Saturday’s 2–1 win over Castleford. “But nothing is signed yet.”\n"
        "The striker appeared in only half of his team’s matches this season because of a knee "
        "injury, club records show. Medical tests on Thursday will show whether the injury has "
        "fully healed.\n"
        "Fans may buy tickets for the unveiling from Monday. The club said it expected a crowd "
        "of roughly 5,000.\n"),
        """
items:
  - {id: c-agreed-fee, label: claim, quote: "Riverside United have reportedly agreed a £12 million fee for the Brazilian striker Lucas Ferreira", min: "agreed a £12 million fee"}
  - {id: c-deal-likely, label: claim, quote: "The deal is likely to be completed before the transfer window closes on Friday", min: "The deal is likely to be completed"}
  - {id: c-19-goals, label: claim, quote: "Ferreira, 24, scored 19 goals in the Brazilian league last season", min: "scored 19 goals"}
  - {id: c-kind-of-player, label: claim, quote: "He is exactly the kind of player we need"}
  - {id: c-win-castleford, label: claim, quote: "Saturday’s 2–1 win over Castleford", required: false}
  - {id: c-nothing-signed, label: claim, quote: "nothing is signed yet"}
  - {id: c-half-matches, label: claim, quote: "The striker appeared in only half of his team’s matches this season because of a knee injury", min: "The striker appeared in only half of his team’s matches"}
  - {id: c-medical-tests, label: claim, quote: "Medical tests on Thursday will show whether the injury has fully healed", required: false}
  - {id: c-tickets, label: claim, quote: "Fans may buy tickets for the unveiling from Monday", required: false}
  - {id: c-crowd-5000, label: claim, quote: "it expected a crowd of roughly 5,000", min: "a crowd of roughly 5,000"}
  - {id: s-sources, label: source, quote: "sources close to the club", min: "sources", max: "sources close to the club said", source_type: unnamed_described}
  - {id: s-ward, label: source, quote: "manager Helen Ward", min: "Helen Ward", source_type: named_person}
  - {id: s-records, label: source, quote: "club records", min: "records", max: "club records show", source_type: vague}
  - {id: s-club, label: source, quote: "The club", min: "club", max: "The club said", source_type: named_organization}
  - {id: h-reportedly, label: hedge, quote: "reportedly", alt_labels: [source], source_type: implicit}
  - {id: h-likely, label: hedge, quote: "likely", max: "is likely to be"}
  - {id: h-expected, label: hedge, quote: "expected", required: false}
  - {id: h-roughly, label: hedge, quote: "roughly", required: false}
""",
    ),
    "science": (
        ("A common garden bird may be able to recognise individual human faces, a study "
        "published this week suggests.\n"
        "Researchers at the University of Tarvik trained 30 magpies to collect food from two "
        "volunteers. The birds later avoided the volunteer who had chased them, the team "
        "reported in the journal Animal Minds.\n"
        "Dr Lena Okafor, who led the study, said the results were “surprising but very clear”. "
        "She added that the birds seemed to remember faces for at least six months.\n"
        "Other scientists are more cautious. Professor Mark Hale, an ecologist who was not "
        "involved in the work, said the sample was small and that the birds might have been "
        "reacting to clothing.\n"
        "The research was funded by the National Science Fund. It is thought to be the first "
        "study of its kind in Europe.\n"
        "Will the findings change how we treat wild birds? Perhaps, said Okafor.\n"),
        """
items:
  - {id: c-recognise-faces, label: claim, quote: "A common garden bird may be able to recognise individual human faces", min: "may be able to recognise individual human faces"}
  - {id: c-trained-30, label: claim, quote: "Researchers at the University of Tarvik trained 30 magpies to collect food from two volunteers", min: "trained 30 magpies"}
  - {id: c-avoided, label: claim, quote: "The birds later avoided the volunteer who had chased them", min: "The birds later avoided the volunteer"}
  - {id: c-surprising, label: claim, quote: "the results were “surprising but very clear”", min: "the results were"}
  - {id: c-six-months, label: claim, quote: "the birds seemed to remember faces for at least six months", min: "the birds seemed to remember faces"}
  - {id: c-cautious, label: claim, quote: "Other scientists are more cautious", required: false}
  - {id: c-led-study, label: claim, quote: "who led the study", required: false}
  - {id: c-not-involved, label: claim, quote: "who was not involved in the work", required: false}
  - {id: c-sample-small, label: claim, quote: "the sample was small"}
  - {id: c-clothing, label: claim, quote: "the birds might have been reacting to clothing"}
  - {id: c-funded, label: claim, quote: "The research was funded by the National Science Fund"}
  - {id: c-first-study, label: claim, quote: "It is thought to be the first study of its kind in Europe", min: "the first study of its kind"}
  - {id: s-study, label: source, quote: "a study published this week", min: "study", max: "a study published this week suggests", source_type: vague}
  - {id: s-team, label: source, quote: "the team", min: "team", max: "the team reported", source_type: unnamed_described}
  - {id: s-journal, label: source, quote: "the journal Animal Minds", required: false, source_type: named_organization}
  - {id: s-okafor, label: source, quote: "Dr Lena Okafor, who led the study", min: "Lena Okafor", source_type: named_person}
  - {id: s-hale, label: source, quote: "Professor Mark Hale, an ecologist who was not involved in the work", min: "Mark Hale", source_type: named_person}
  - {id: s-okafor-2, label: source, quote: "Okafor", nth: 2, max: "said Okafor", source_type: named_person}
  - {id: h-may, label: hedge, quote: "may"}
  - {id: h-suggests, label: hedge, quote: "suggests"}
  - {id: h-seemed, label: hedge, quote: "seemed"}
  - {id: h-at-least, label: hedge, quote: "at least", required: false}
  - {id: h-might, label: hedge, quote: "might"}
  - {id: h-thought, label: hedge, quote: "is thought", min: "thought", max: "It is thought to be", alt_labels: [source], source_type: implicit}
  - {id: h-perhaps, label: hedge, quote: "Perhaps"}
""",
    ),
}


# Set B was written after the rules had been revised on set A's misses, and scored once
# before any further change.
HELD_OUT_B = {
    "health-2": (
        ("Flu cases double in a fortnight\n"
        "Flu cases in the county have doubled in two weeks, according to figures from the "
        "regional health agency.\n"
        "Doctors say the true number is probably higher, because many people with mild "
        "symptoms do not see a GP. 'We are seeing the busiest January in a decade,' said Dr "
        "Omar Haddad, who runs a surgery in Millbrook.\n"
        "The agency's director, Claire Dunn, warned that hospitals could run out of beds by the "
        "end of the month. She urged older residents to get vaccinated.\n"
        "A so-called \"super strain\" is not to blame, experts told the BBC. Officials have "
        "denied that vaccine supplies are running low.\n"
        "It is not clear how many staff are off sick. Patients may visit the walk-in centre "
        "without an appointment.\n"),
        """
items:
  - {id: c-headline, label: claim, quote: "Flu cases double in a fortnight", required: false}
  - {id: c-doubled, label: claim, quote: "Flu cases in the county have doubled in two weeks", min: "Flu cases in the county have doubled"}
  - {id: c-true-number, label: claim, quote: "the true number is probably higher"}
  - {id: c-no-gp, label: claim, quote: "because many people with mild symptoms do not see a GP", min: "many people with mild symptoms do not see a GP"}
  - {id: c-busiest, label: claim, quote: "We are seeing the busiest January in a decade"}
  - {id: c-runs-surgery, label: claim, quote: "who runs a surgery in Millbrook", required: false}
  - {id: c-beds, label: claim, quote: "hospitals could run out of beds by the end of the month", min: "hospitals could run out of beds"}
  - {id: c-urged, label: claim, quote: "She urged older residents to get vaccinated", required: false}
  - {id: c-super-strain, label: claim, quote: "A so-called \\"super strain\\" is not to blame", min: "is not to blame"}
  - {id: c-supplies-low, label: claim, quote: "vaccine supplies are running low"}
  - {id: c-walk-in, label: claim, quote: "Patients may visit the walk-in centre without an appointment", required: false}
  - {id: s-figures-agency, label: source, quote: "figures from the regional health agency", min: "regional health agency", max: "according to figures from the regional health agency", source_type: named_organization}
  - {id: s-doctors, label: source, quote: "Doctors", max: "Doctors say", source_type: vague}
  - {id: s-haddad, label: source, quote: "Dr Omar Haddad, who runs a surgery in Millbrook", min: "Omar Haddad", source_type: named_person}
  - {id: s-dunn, label: source, quote: "The agency's director, Claire Dunn", min: "Claire Dunn", source_type: named_person}
  - {id: s-experts, label: source, quote: "experts", max: "experts told", source_type: vague}
  - {id: s-officials, label: source, quote: "Officials", max: "Officials have denied", source_type: vague}
  - {id: h-probably, label: hedge, quote: "probably"}
  - {id: h-many, label: hedge, quote: "many", required: false}
  - {id: h-could, label: hedge, quote: "could"}
  - {id: h-so-called, label: hedge, quote: "so-called"}
  - {id: h-not-clear, label: hedge, quote: "not clear", max: "It is not clear"}
""",
    ),
    "council-2": (
        ("Plans for 300 homes on the edge of Ashford Green were approved last night after a "
        "four-hour meeting.\n"
        "The developer, Halden Homes, said the estate would include a new primary school and a "
        "bus link. Local campaigners claim the roads cannot cope with the extra traffic.\n"
        "\"This will be gridlock,\" said Peter Marsh, chair of the Ashford Green Society. "
        "\"Nobody has listened to us.\"\n"
        "A traffic study commissioned by the council found that peak-hour delays would rise by "
        "about four minutes. Councillor Jane Oduya, who voted against the plan, said the study "
        "was flawed.\n"
        "Construction is expected to start in May and could take up to six years. The decision "
        "may still be challenged in the courts, legal experts said.\n"),
        """
items:
  - {id: c-approved, label: claim, quote: "Plans for 300 homes on the edge of Ashford Green were approved last night", min: "Plans for 300 homes on the edge of Ashford Green were approved"}
  - {id: c-four-hour, label: claim, quote: "after a four-hour meeting", required: false}
  - {id: c-school-bus, label: claim, quote: "the estate would include a new primary school and a bus link", min: "the estate would include"}
  - {id: c-roads-cope, label: claim, quote: "the roads cannot cope with the extra traffic"}
  - {id: c-gridlock, label: claim, quote: "This will be gridlock"}
  - {id: c-nobody-listened, label: claim, quote: "Nobody has listened to us"}
  - {id: c-delays, label: claim, quote: "peak-hour delays would rise by about four minutes", min: "peak-hour delays would rise"}
  - {id: c-commissioned, label: claim, quote: "commissioned by the council", required: false}
  - {id: c-voted-against, label: claim, quote: "who voted against the plan", required: false}
  - {id: c-flawed, label: claim, quote: "the study was flawed"}
  - {id: c-start-may, label: claim, quote: "Construction is expected to start in May"}
  - {id: c-six-years, label: claim, quote: "could take up to six years"}
  - {id: c-challenged, label: claim, quote: "The decision may still be challenged in the courts", min: "The decision may still be challenged"}
  - {id: s-halden, label: source, quote: "The developer, Halden Homes", min: "Halden Homes", source_type: named_organization}
  - {id: s-campaigners, label: source, quote: "Local campaigners", min: "campaigners", max: "Local campaigners claim", source_type: unnamed_described}
  - {id: s-marsh, label: source, quote: "Peter Marsh, chair of the Ashford Green Society", min: "Peter Marsh", source_type: named_person}
  - {id: s-study, label: source, quote: "A traffic study commissioned by the council", min: "traffic study", source_type: vague}
  - {id: s-oduya, label: source, quote: "Councillor Jane Oduya, who voted against the plan", min: "Jane Oduya", source_type: named_person}
  - {id: s-legal-experts, label: source, quote: "legal experts", min: "experts", max: "legal experts said", source_type: vague}
  - {id: h-claim, label: hedge, quote: "claim", required: false}
  - {id: h-about, label: hedge, quote: "about", required: false}
  - {id: h-expected, label: hedge, quote: "is expected", min: "expected", max: "is expected to", alt_labels: [source], source_type: implicit}
  - {id: h-could, label: hedge, quote: "could"}
  - {id: h-up-to, label: hedge, quote: "up to", required: false}
  - {id: h-may, label: hedge, quote: "may"}
""",
    ),
    "sport-2": (
        ("The Olympic sprint champion Maria Santos has been provisionally suspended after a "
        "failed drugs test, the Athletics Integrity Unit announced on Thursday.\n"
        "Santos, 27, denied any wrongdoing. Her lawyer told reporters that the positive sample "
        "was the result of a contaminated supplement and that she would appeal.\n"
        "The banned substance was apparently found in a test taken in March. If the ban is "
        "upheld, she could miss the world championships in August.\n"
        "Her coach described the decision as \"a scandal\". Rival athletes have been more "
        "cautious, with several declining to comment.\n"
        "Santos is expected to appear before an independent tribunal next month. She has never "
        "failed a test before, according to her management team.\n"),
        """
items:
  - {id: c-suspended, label: claim, quote: "The Olympic sprint champion Maria Santos has been provisionally suspended after a failed drugs test", min: "Maria Santos has been provisionally suspended"}
  - {id: c-denied, label: claim, quote: "Santos, 27, denied any wrongdoing", min: "denied any wrongdoing"}
  - {id: c-contaminated, label: claim, quote: "the positive sample was the result of a contaminated supplement"}
  - {id: c-appeal, label: claim, quote: "she would appeal"}
  - {id: c-found-march, label: claim, quote: "The banned substance was apparently found in a test taken in March", min: "The banned substance was apparently found"}
  - {id: c-miss-worlds, label: claim, quote: "she could miss the world championships in August", min: "she could miss the world championships"}
  - {id: c-scandal, label: claim, quote: "Her coach described the decision as \\"a scandal\\"", min: "a scandal"}
  - {id: c-cautious, label: claim, quote: "Rival athletes have been more cautious"}
  - {id: c-declining, label: claim, quote: "with several declining to comment", required: false}
  - {id: c-tribunal, label: claim, quote: "Santos is expected to appear before an independent tribunal next month", min: "Santos is expected to appear before an independent tribunal"}
  - {id: c-never-failed, label: claim, quote: "She has never failed a test before"}
  - {id: s-aiu, label: source, quote: "the Athletics Integrity Unit", min: "Athletics Integrity Unit", max: "the Athletics Integrity Unit announced", source_type: named_organization}
  - {id: s-santos, label: source, quote: "Santos", nth: 2, max: "Santos, 27, denied", source_type: named_person}
  - {id: s-lawyer, label: source, quote: "Her lawyer", min: "lawyer", max: "Her lawyer told reporters", source_type: unnamed_described}
  - {id: s-coach, label: source, quote: "Her coach", min: "coach", max: "Her coach described", source_type: unnamed_described}
  - {id: s-management, label: source, quote: "her management team", min: "management team", max: "according to her management team", source_type: unnamed_described}
  - {id: h-apparently, label: hedge, quote: "apparently"}
  - {id: h-could, label: hedge, quote: "could"}
  - {id: h-several, label: hedge, quote: "several", required: false}
  - {id: h-expected, label: hedge, quote: "is expected", min: "expected", max: "is expected to", alt_labels: [source], source_type: implicit}
""",
    ),
    "science-2": (
        ("Scientists have detected water vapour in the atmosphere of a planet 120 light years "
        "from Earth, a team at the European Southern Observatory said on Monday.\n"
        "The planet, known as K2-18b, is roughly twice the size of Earth. Its surface "
        "temperature might allow liquid water to exist, the researchers suggested.\n"
        "However, other astronomers warned that the signal was weak. \"We should be careful "
        "not to overstate this,\" said Professor Ann Lee of the University of Sydney. \"It is "
        "likely that the data contain noise.\"\n"
        "The findings, which have not yet been peer reviewed, were published online. It "
        "remains to be seen whether the result can be repeated with other telescopes.\n"
        "The observatory appears to be planning further observations next year.\n"),
        """
items:
  - {id: c-detected, label: claim, quote: "Scientists have detected water vapour in the atmosphere of a planet 120 light years from Earth", min: "Scientists have detected water vapour"}
  - {id: c-twice-size, label: claim, quote: "The planet, known as K2-18b, is roughly twice the size of Earth", min: "is roughly twice the size of Earth"}
  - {id: c-known-as, label: claim, quote: "known as K2-18b", required: false}
  - {id: c-liquid-water, label: claim, quote: "Its surface temperature might allow liquid water to exist"}
  - {id: c-signal-weak, label: claim, quote: "the signal was weak"}
  - {id: c-careful, label: claim, quote: "We should be careful not to overstate this", required: false}
  - {id: c-noise, label: claim, quote: "It is likely that the data contain noise", min: "the data contain noise"}
  - {id: c-not-reviewed, label: claim, quote: "which have not yet been peer reviewed", required: false}
  - {id: c-published, label: claim, quote: "The findings, which have not yet been peer reviewed, were published online", min: "were published online"}
  - {id: c-planning, label: claim, quote: "The observatory appears to be planning further observations next year", min: "planning further observations"}
  - {id: s-team-eso, label: source, quote: "a team at the European Southern Observatory", min: "team", source_type: unnamed_described}
  - {id: s-researchers, label: source, quote: "the researchers", min: "researchers", max: "the researchers suggested", source_type: unnamed_described}
  - {id: s-astronomers, label: source, quote: "other astronomers", min: "astronomers", max: "other astronomers warned", source_type: vague}
  - {id: s-lee, label: source, quote: "Professor Ann Lee of the University of Sydney", min: "Ann Lee", source_type: named_person}
  - {id: h-roughly, label: hedge, quote: "roughly", required: false}
  - {id: h-might, label: hedge, quote: "might"}
  - {id: h-suggested, label: hedge, quote: "suggested"}
  - {id: h-likely, label: hedge, quote: "likely", max: "It is likely that"}
  - {id: h-remains-seen, label: hedge, quote: "remains to be seen", max: "It remains to be seen whether"}
  - {id: h-appears, label: hedge, quote: "appears", max: "appears to be"}
""",
    ),
}


# Set C is the blind set: harder articles (byline, dateline, headline, brackets, court
# reporting, verbs missing from the word lists), written and keyed after the rules were revised
# on set B, and scored once before any further change.
HELD_OUT_C = {
    "medicine": (
        ("By Rachel Green, Health Correspondent\n"
        "LONDON — A widely used painkiller has been linked to a higher risk of heart attacks in "
        "people over 65, according to research published in The Lancet on Wednesday.\n"
        "The study, which followed 42,000 patients for eight years, estimated that long-term "
        "users were 18% more likely to suffer a heart attack than non-users. Its authors "
        "cautioned that the link did not prove the drug was the cause.\n"
        "\"Patients should not stop taking their medication without talking to a doctor first,\" "
        "said Professor Hannah Weiss, the study's lead author. \"But the signal is consistent "
        "and we think regulators need to look at it.\"\n"
        "The manufacturer, Corvex Pharma, said in a statement that the drug had been used "
        "safely by millions of people for over 30 years and that it would review the findings.\n"
        "Some doctors, however, believe the warning comes too late. A 2019 review by the "
        "European Medicines Agency had already flagged possible risks, The Guardian reported.\n"
        "It is unclear whether the regulator will act before the summer.\n"),
        """
items:
  - {id: c-linked, label: claim, quote: "A widely used painkiller has been linked to a higher risk of heart attacks in people over 65", min: "has been linked to a higher risk of heart attacks"}
  - {id: c-followed, label: claim, quote: "which followed 42,000 patients for eight years", required: false}
  - {id: c-18-percent, label: claim, quote: "long-term users were 18% more likely to suffer a heart attack than non-users", min: "long-term users were 18% more likely to suffer a heart attack"}
  - {id: c-not-prove, label: claim, quote: "the link did not prove the drug was the cause"}
  - {id: c-should-not-stop, label: claim, quote: "Patients should not stop taking their medication without talking to a doctor first", required: false}
  - {id: c-consistent, label: claim, quote: "the signal is consistent"}
  - {id: c-regulators-look, label: claim, quote: "we think regulators need to look at it", required: false}
  - {id: c-used-safely, label: claim, quote: "the drug had been used safely by millions of people for over 30 years", min: "the drug had been used safely"}
  - {id: c-review-findings, label: claim, quote: "it would review the findings"}
  - {id: c-too-late, label: claim, quote: "the warning comes too late"}
  - {id: c-ema-flagged, label: claim, quote: "A 2019 review by the European Medicines Agency had already flagged possible risks", min: "had already flagged possible risks"}
  - {id: s-lancet, label: source, quote: "research published in The Lancet", min: "research", max: "according to research published in The Lancet on Wednesday", source_type: named_organization}
  - {id: s-study, label: source, quote: "The study", max: "The study, which followed 42,000 patients for eight years, estimated", source_type: named_organization}
  - {id: s-authors, label: source, quote: "Its authors", min: "authors", max: "Its authors cautioned", source_type: unnamed_described}
  - {id: s-weiss, label: source, quote: "Professor Hannah Weiss, the study's lead author", min: "Hannah Weiss", source_type: named_person}
  - {id: s-corvex, label: source, quote: "The manufacturer, Corvex Pharma", min: "Corvex Pharma", source_type: named_organization}
  - {id: s-doctors, label: source, quote: "Some doctors", min: "doctors", source_type: vague}
  - {id: s-ema-review, label: source, quote: "A 2019 review by the European Medicines Agency", min: "European Medicines Agency", required: false, source_type: named_organization}
  - {id: s-guardian, label: source, quote: "The Guardian", max: "The Guardian reported", source_type: named_organization}
  - {id: h-estimated, label: hedge, quote: "estimated"}
  - {id: h-more-likely, label: hedge, quote: "more likely", required: false}
  - {id: h-think, label: hedge, quote: "think"}
  - {id: h-over-30, label: hedge, quote: "over", nth: 2, required: false}
  - {id: h-believe, label: hedge, quote: "believe"}
  - {id: h-possible, label: hedge, quote: "possible", required: false}
  - {id: h-unclear, label: hedge, quote: "unclear", max: "It is unclear whether"}
""",
    ),
    "transport": (
        ("Bus fares to rise by 10p from April\n"
        "Bus fares across Westshire will rise by 10p from April 1, the county's transport "
        "authority confirmed yesterday.\n"
        "The increase, the first in three years, will raise an estimated £2.1m (about $2.7m), "
        "which officials say will be spent on keeping rural routes running.\n"
        "Passenger groups were quick to criticise the move. \"People on low incomes will be hit "
        "hardest,\" said Dev Patel of Bus Users Westshire. He added that some villages had "
        "already lost their only service.\n"
        "According to the authority, fuel and wage costs have risen by nearly a quarter since "
        "2022. Drivers' union Unite said pay talks were continuing.\n"
        "Will fares rise again next year? A spokesperson would not rule it out.\n"),
        """
items:
  - {id: c-headline, label: claim, quote: "Bus fares to rise by 10p from April", required: false}
  - {id: c-rise-10p, label: claim, quote: "Bus fares across Westshire will rise by 10p from April 1", min: "Bus fares across Westshire will rise by 10p"}
  - {id: c-first-in-three, label: claim, quote: "the first in three years", required: false}
  - {id: c-raise-2m, label: claim, quote: "The increase, the first in three years, will raise an estimated £2.1m (about $2.7m)", min: "will raise an estimated £2.1m"}
  - {id: c-rural-routes, label: claim, quote: "will be spent on keeping rural routes running"}
  - {id: c-quick-criticise, label: claim, quote: "Passenger groups were quick to criticise the move"}
  - {id: c-low-incomes, label: claim, quote: "People on low incomes will be hit hardest"}
  - {id: c-villages-lost, label: claim, quote: "some villages had already lost their only service", min: "villages had already lost their only service"}
  - {id: c-costs-quarter, label: claim, quote: "fuel and wage costs have risen by nearly a quarter since 2022", min: "fuel and wage costs have risen by nearly a quarter"}
  - {id: c-talks-continuing, label: claim, quote: "pay talks were continuing"}
  - {id: c-not-rule-out, label: claim, quote: "A spokesperson would not rule it out", required: false}
  - {id: s-authority, label: source, quote: "the county's transport authority", min: "transport authority", source_type: named_organization}
  - {id: s-officials, label: source, quote: "officials", max: "officials say", source_type: vague}
  - {id: s-patel, label: source, quote: "Dev Patel of Bus Users Westshire", min: "Dev Patel", source_type: named_person}
  - {id: s-authority-2, label: source, quote: "the authority", min: "authority", max: "According to the authority", source_type: named_organization}
  - {id: s-unite, label: source, quote: "Drivers' union Unite", min: "Unite", source_type: named_organization}
  - {id: s-spokesperson, label: source, quote: "A spokesperson", required: false, source_type: unnamed_described}
  - {id: h-estimated, label: hedge, quote: "estimated"}
  - {id: h-about, label: hedge, quote: "about", required: false}
  - {id: h-some, label: hedge, quote: "some", required: false}
  - {id: h-nearly, label: hedge, quote: "nearly", required: false}
""",
    ),
    "court": (
        ("Former England captain Tom Reid appeared at Leeds Crown Court on Monday charged with "
        "fraud.\n"
        "Reid, 41, is accused of taking more than £250,000 from a charity he set up after "
        "retiring. He denies the charge.\n"
        "Prosecutors told the jury that the money was used to pay off gambling debts. The court "
        "heard that Reid had allegedly forged the signatures of two trustees.\n"
        "\"This was a betrayal of the people he was meant to help,\" prosecutor Alan Marsh said.\n"
        "The trial is expected to last three weeks. Reid's lawyers have said he will give "
        "evidence and that he intends to clear his name.\n"
        "His former club may also be asked to produce financial records, the judge suggested.\n"),
        """
items:
  - {id: c-appeared-court, label: claim, quote: "Former England captain Tom Reid appeared at Leeds Crown Court on Monday charged with fraud", min: "Tom Reid appeared at Leeds Crown Court"}
  - {id: c-accused, label: claim, quote: "Reid, 41, is accused of taking more than £250,000 from a charity he set up after retiring", min: "is accused of taking more than £250,000"}
  - {id: c-denies, label: claim, quote: "He denies the charge"}
  - {id: c-gambling, label: claim, quote: "the money was used to pay off gambling debts"}
  - {id: c-forged, label: claim, quote: "Reid had allegedly forged the signatures of two trustees", min: "Reid had allegedly forged the signatures"}
  - {id: c-betrayal, label: claim, quote: "This was a betrayal of the people he was meant to help", min: "This was a betrayal"}
  - {id: c-three-weeks, label: claim, quote: "The trial is expected to last three weeks"}
  - {id: c-give-evidence, label: claim, quote: "he will give evidence"}
  - {id: c-clear-name, label: claim, quote: "he intends to clear his name"}
  - {id: c-club-records, label: claim, quote: "His former club may also be asked to produce financial records", min: "His former club may also be asked to produce financial records"}
  - {id: s-prosecutors, label: source, quote: "Prosecutors", max: "Prosecutors told the jury", source_type: unnamed_described}
  - {id: s-court, label: source, quote: "The court", required: false, source_type: named_organization}
  - {id: s-marsh, label: source, quote: "prosecutor Alan Marsh", min: "Alan Marsh", max: "prosecutor Alan Marsh said", source_type: named_person}
  - {id: s-lawyers, label: source, quote: "Reid's lawyers", min: "lawyers", max: "Reid's lawyers have said", source_type: unnamed_described}
  - {id: s-judge, label: source, quote: "the judge", min: "judge", max: "the judge suggested", source_type: unnamed_described}
  - {id: h-accused, label: hedge, quote: "accused", required: false}
  - {id: h-more-than, label: hedge, quote: "more than", required: false}
  - {id: h-allegedly, label: hedge, quote: "allegedly"}
  - {id: h-expected, label: hedge, quote: "is expected", min: "expected", max: "is expected to", alt_labels: [source], source_type: implicit}
  - {id: h-may, label: hedge, quote: "may"}
  - {id: h-suggested, label: hedge, quote: "suggested"}
""",
    ),
}


# Set D is a fresh blind set in new domains (weather, business, education, technology), written
# and keyed by KEY-GUIDE.md after the rules were tuned on sets A-C, and scored once before any
# further change. Pronouns of reporting verbs, "declined to comment" and similar borderline
# cases are optional items.
HELD_OUT_D = {
    "weather": (
        ("Storm Idris set to batter west coast\n"
        "Up to 80mm of rain could fall on parts of the west coast within 24 hours as Storm Idris "
        "arrives on Friday, the National Weather Service said.\n"
        "An amber warning is in place for Glenmoor and the Tarran valley, where rivers are "
        "already high after a wet autumn. Gusts of more than 70mph are likely on exposed "
        "headlands, forecasters said.\n"
        "“This is clearly a dangerous storm, and people should not travel unless they have to,” "
        "said Fiona Byrne, the service's chief meteorologist. “The ground is saturated, so "
        "flooding is almost certain in some areas.”\n"
        "Ferry operator Western Isles Line confirmed that all Saturday sailings had been "
        "cancelled. Farmers in the valley moved livestock to higher ground on Thursday.\n"
        "About 2,000 homes lost power during a similar storm last January, according to the "
        "regional electricity network. A senior engineer at the network, who asked not to be "
        "named, told the Courier that crews would be on standby overnight.\n"
        "Some climate scientists say storms of this strength are becoming more frequent. The "
        "storm reportedly formed further south than usual, but it remains unclear whether "
        "warmer seas played a part.\n"
        "Schools may close early on Friday if the warning is upgraded to red.\n"),
        """
items:
  - {id: c-headline, label: claim, quote: "Storm Idris set to batter west coast", required: false}
  - {id: c-rain-80mm, label: claim, quote: "Up to 80mm of rain could fall on parts of the west coast within 24 hours", min: "80mm of rain could fall"}
  - {id: c-arrives-friday, label: claim, quote: "Storm Idris arrives on Friday", required: false}
  - {id: c-amber, label: claim, quote: "An amber warning is in place for Glenmoor and the Tarran valley", min: "An amber warning is in place"}
  - {id: c-rivers-high, label: claim, quote: "where rivers are already high after a wet autumn", required: false}
  - {id: c-gusts, label: claim, quote: "Gusts of more than 70mph are likely on exposed headlands", min: "Gusts of more than 70mph are likely"}
  - {id: c-dangerous, label: claim, quote: "This is clearly a dangerous storm"}
  - {id: c-not-travel, label: claim, quote: "people should not travel unless they have to", required: false}
  - {id: c-saturated, label: claim, quote: "The ground is saturated"}
  - {id: c-flooding, label: claim, quote: "flooding is almost certain in some areas", min: "flooding is almost certain"}
  - {id: c-sailings, label: claim, quote: "all Saturday sailings had been cancelled", min: "sailings had been cancelled"}
  - {id: c-livestock, label: claim, quote: "Farmers in the valley moved livestock to higher ground on Thursday", min: "Farmers in the valley moved livestock to higher ground"}
  - {id: c-2000-homes, label: claim, quote: "About 2,000 homes lost power during a similar storm last January", min: "2,000 homes lost power"}
  - {id: c-not-named, label: claim, quote: "who asked not to be named", required: false}
  - {id: c-standby, label: claim, quote: "crews would be on standby overnight", min: "crews would be on standby"}
  - {id: c-more-frequent, label: claim, quote: "storms of this strength are becoming more frequent"}
  - {id: c-formed-south, label: claim, quote: "The storm reportedly formed further south than usual", min: "storm reportedly formed further south"}
  - {id: c-schools-close, label: claim, quote: "Schools may close early on Friday if the warning is upgraded to red", min: "Schools may close early"}
  - {id: s-nws, label: source, quote: "the National Weather Service", min: "National Weather Service", max: "the National Weather Service said", source_type: named_organization}
  - {id: s-forecasters, label: source, quote: "forecasters", max: "forecasters said", source_type: vague}
  - {id: s-byrne, label: source, quote: "Fiona Byrne, the service's chief meteorologist", min: "Fiona Byrne", max: "said Fiona Byrne, the service's chief meteorologist", source_type: named_person}
  - {id: s-western-isles, label: source, quote: "Ferry operator Western Isles Line", min: "Western Isles Line", max: "Ferry operator Western Isles Line confirmed", source_type: named_organization, interested_party: true}
  - {id: s-network, label: source, quote: "the regional electricity network", min: "electricity network", max: "according to the regional electricity network", source_type: named_organization}
  - {id: s-engineer, label: source, quote: "A senior engineer at the network, who asked not to be named", min: "engineer", max: "A senior engineer at the network, who asked not to be named, told", source_type: unnamed_described}
  - {id: s-scientists, label: source, quote: "Some climate scientists", min: "scientists", max: "Some climate scientists say", source_type: vague}
  - {id: h-up-to, label: hedge, quote: "Up to", required: false}
  - {id: h-could, label: hedge, quote: "could"}
  - {id: h-more-than, label: hedge, quote: "more than", required: false}
  - {id: h-likely, label: hedge, quote: "likely", max: "are likely"}
  - {id: h-almost, label: hedge, quote: "almost", max: "almost certain", required: false}
  - {id: h-some, label: hedge, quote: "some", required: false}
  - {id: h-about, label: hedge, quote: "About", required: false}
  - {id: h-some-scientists, label: hedge, quote: "Some", required: false}
  - {id: h-reportedly, label: hedge, quote: "reportedly", alt_labels: [source], source_type: implicit}
  - {id: h-unclear, label: hedge, quote: "unclear", max: "it remains unclear whether"}
  - {id: h-may, label: hedge, quote: "may"}
""",
    ),
    "business": (
        ("Harlow Foods profit falls as costs bite\n"
        "LONDON — Harlow Foods, the supermarket chain, reported a 12% fall in annual profit on "
        "Tuesday, blaming higher energy and wage bills.\n"
        "Pre-tax profit dropped to £318 million in the year to February, the company said, "
        "while sales rose by about 4% to £9.6 billion.\n"
        "Chief executive Mark Devlin told analysts on a conference call that the worst was "
        "“clearly behind us”. “We have confirmed savings of £150 million for next year, and "
        "prices in our stores are falling,” he said.\n"
        "Shares in the group fell more than 6% in early trading. Analysts at Brookfield "
        "Securities said the results were weaker than expected and that the dividend could be "
        "cut.\n"
        "The chain is reportedly in talks to sell its convenience-store arm, which employs "
        "around 3,000 people. One person familiar with the matter said a deal might be "
        "announced within weeks, although the company declined to comment.\n"
        "Shoppers have switched to discount rivals such as ValuMart, according to industry "
        "figures. It appears that Harlow has lost market share for the third year running.\n"
        "Unions are expected to press for a pay rise of at least 5% when talks open in June.\n"),
        """
items:
  - {id: c-headline, label: claim, quote: "Harlow Foods profit falls as costs bite", required: false}
  - {id: c-profit-12, label: claim, quote: "Harlow Foods, the supermarket chain, reported a 12% fall in annual profit on Tuesday", min: "a 12% fall in annual profit"}
  - {id: c-blaming, label: claim, quote: "blaming higher energy and wage bills", min: "higher energy and wage bills"}
  - {id: c-profit-318, label: claim, quote: "Pre-tax profit dropped to £318 million in the year to February", min: "Pre-tax profit dropped to £318 million"}
  - {id: c-sales-rose, label: claim, quote: "sales rose by about 4% to £9.6 billion", min: "sales rose"}
  - {id: c-worst-behind, label: claim, quote: "the worst was “clearly behind us”", min: "the worst was"}
  - {id: c-savings, label: claim, quote: "We have confirmed savings of £150 million for next year", min: "confirmed savings of £150 million"}
  - {id: c-prices-falling, label: claim, quote: "prices in our stores are falling"}
  - {id: c-shares-fell, label: claim, quote: "Shares in the group fell more than 6% in early trading", min: "Shares in the group fell"}
  - {id: c-weaker, label: claim, quote: "the results were weaker than expected"}
  - {id: c-dividend, label: claim, quote: "the dividend could be cut"}
  - {id: c-talks-sell, label: claim, quote: "The chain is reportedly in talks to sell its convenience-store arm", min: "in talks to sell its convenience-store arm"}
  - {id: c-employs, label: claim, quote: "which employs around 3,000 people", required: false}
  - {id: c-deal-weeks, label: claim, quote: "a deal might be announced within weeks", min: "a deal might be announced"}
  - {id: c-declined, label: claim, quote: "the company declined to comment", required: false}
  - {id: c-switched, label: claim, quote: "Shoppers have switched to discount rivals such as ValuMart", min: "Shoppers have switched to discount rivals"}
  - {id: c-market-share, label: claim, quote: "Harlow has lost market share for the third year running", min: "Harlow has lost market share"}
  - {id: c-unions-press, label: claim, quote: "Unions are expected to press for a pay rise of at least 5% when talks open in June", min: "Unions are expected to press for a pay rise"}
  - {id: s-harlow, label: source, quote: "Harlow Foods, the supermarket chain", min: "Harlow Foods", max: "Harlow Foods, the supermarket chain, reported", source_type: named_organization, interested_party: true}
  - {id: s-company, label: source, quote: "the company", max: "the company said", source_type: named_organization, interested_party: true}
  - {id: s-devlin, label: source, quote: "Chief executive Mark Devlin", min: "Mark Devlin", max: "Chief executive Mark Devlin told", source_type: named_person, interested_party: true}
  - {id: s-he, label: source, quote: "he", nth: 6, max: "he said", required: false, source_type: named_person}
  - {id: s-brookfield, label: source, quote: "Analysts at Brookfield Securities", min: "Analysts", max: "Analysts at Brookfield Securities said", source_type: unnamed_described}
  - {id: s-person, label: source, quote: "One person familiar with the matter", min: "person", max: "One person familiar with the matter said", source_type: unnamed_described}
  - {id: s-company-declined, label: source, quote: "the company", nth: 2, required: false, source_type: named_organization}
  - {id: s-industry-figures, label: source, quote: "industry figures", min: "figures", max: "according to industry figures", source_type: vague}
  - {id: h-about, label: hedge, quote: "about", required: false}
  - {id: h-more-than, label: hedge, quote: "more than", required: false}
  - {id: h-could, label: hedge, quote: "could"}
  - {id: h-reportedly, label: hedge, quote: "reportedly", alt_labels: [source], source_type: implicit}
  - {id: h-around, label: hedge, quote: "around", required: false}
  - {id: h-might, label: hedge, quote: "might"}
  - {id: h-appears, label: hedge, quote: "appears", max: "It appears that"}
  - {id: h-expected, label: hedge, quote: "are expected", min: "expected", max: "are expected to", alt_labels: [source], source_type: implicit}
  - {id: h-at-least, label: hedge, quote: "at least", required: false}
""",
    ),
    "education": (
        ("Top grades fall as exam results published\n"
        "Fewer pupils in Northern Valley achieved top grades in this year's school-leaving "
        "exams, figures published by the regional exams board on Thursday show.\n"
        "About 24% of entries were awarded an A or above, down from 27% last year, according "
        "to the Valley Examinations Authority. The pass rate held steady at roughly 97%.\n"
        "Officials at the authority said the fall was expected, as grading returns to "
        "pre-pandemic standards. “Grades this year are a fair reflection of what students "
        "achieved,” the authority's chief executive, Dr Amara Osei, said.\n"
        "Headteachers, however, fear that some pupils may miss out on university places. "
        "Jonathan Reeve, head of Kingsmead Academy in Corran, said several of his students had "
        "narrowly missed their offers. “It is heartbreaking for them,” he told the Herald.\n"
        "Girls outperformed boys in most subjects, the figures suggest. Maths entries rose by "
        "more than 10%, which the board attributed to new funding for teachers.\n"
        "Universities are believed to have more places left than last year, a spokesperson for "
        "the admissions service said. Students who narrowly missed their grades could still "
        "find a course through clearing.\n"
        "Pupils in Corran collected their results from 8am, with many celebrating outside the "
        "school gates.\n"),
        """
items:
  - {id: c-headline, label: claim, quote: "Top grades fall as exam results published", required: false}
  - {id: c-fewer-top, label: claim, quote: "Fewer pupils in Northern Valley achieved top grades in this year's school-leaving exams", min: "Fewer pupils in Northern Valley achieved top grades"}
  - {id: c-published-thursday, label: claim, quote: "published by the regional exams board on Thursday", required: false}
  - {id: c-24-percent, label: claim, quote: "About 24% of entries were awarded an A or above", min: "24% of entries were awarded an A or above"}
  - {id: c-27-last-year, label: claim, quote: "down from 27% last year", required: false}
  - {id: c-pass-rate, label: claim, quote: "The pass rate held steady at roughly 97%", min: "The pass rate held steady"}
  - {id: c-fall-expected, label: claim, quote: "the fall was expected"}
  - {id: c-grading-returns, label: claim, quote: "grading returns to pre-pandemic standards"}
  - {id: c-fair-reflection, label: claim, quote: "Grades this year are a fair reflection of what students achieved", min: "Grades this year are a fair reflection"}
  - {id: c-miss-places, label: claim, quote: "some pupils may miss out on university places", min: "pupils may miss out on university places"}
  - {id: c-head-of, label: claim, quote: "head of Kingsmead Academy in Corran", required: false}
  - {id: c-missed-offers, label: claim, quote: "several of his students had narrowly missed their offers", min: "students had narrowly missed their offers"}
  - {id: c-heartbreaking, label: claim, quote: "It is heartbreaking for them"}
  - {id: c-girls, label: claim, quote: "Girls outperformed boys in most subjects", min: "Girls outperformed boys"}
  - {id: c-maths-rose, label: claim, quote: "Maths entries rose by more than 10%", min: "Maths entries rose"}
  - {id: c-funding, label: claim, quote: "which the board attributed to new funding for teachers", min: "new funding for teachers"}
  - {id: c-more-places, label: claim, quote: "Universities are believed to have more places left than last year", min: "Universities are believed to have more places left"}
  - {id: c-clearing, label: claim, quote: "Students who narrowly missed their grades could still find a course through clearing", min: "could still find a course through clearing"}
  - {id: c-collected, label: claim, quote: "Pupils in Corran collected their results from 8am", min: "Pupils in Corran collected their results"}
  - {id: c-celebrating, label: claim, quote: "many celebrating outside the school gates", required: false}
  - {id: s-figures-board, label: source, quote: "figures published by the regional exams board on Thursday", min: "regional exams board", max: "figures published by the regional exams board on Thursday show", source_type: named_organization}
  - {id: s-vea, label: source, quote: "the Valley Examinations Authority", min: "Valley Examinations Authority", max: "according to the Valley Examinations Authority", source_type: named_organization}
  - {id: s-officials, label: source, quote: "Officials at the authority", min: "Officials", max: "Officials at the authority said", source_type: unnamed_described}
  - {id: s-osei, label: source, quote: "the authority's chief executive, Dr Amara Osei", min: "Amara Osei", max: "the authority's chief executive, Dr Amara Osei, said", source_type: named_person, interested_party: true}
  - {id: s-headteachers, label: source, quote: "Headteachers", max: "Headteachers, however, fear", source_type: vague}
  - {id: s-reeve, label: source, quote: "Jonathan Reeve, head of Kingsmead Academy in Corran", min: "Jonathan Reeve", max: "Jonathan Reeve, head of Kingsmead Academy in Corran, said", source_type: named_person}
  - {id: s-he, label: source, quote: "he", nth: 16, max: "he told", required: false, source_type: named_person}
  - {id: s-figures-2, label: source, quote: "the figures", max: "the figures suggest", source_type: vague}
  - {id: s-board, label: source, quote: "the board", max: "which the board attributed", source_type: named_organization}
  - {id: s-spokesperson, label: source, quote: "a spokesperson for the admissions service", min: "spokesperson", max: "a spokesperson for the admissions service said", source_type: unnamed_described}
  - {id: h-about, label: hedge, quote: "About", required: false}
  - {id: h-roughly, label: hedge, quote: "roughly", required: false}
  - {id: h-expected, label: hedge, quote: "expected", required: false}
  - {id: h-fear, label: hedge, quote: "fear", required: false}
  - {id: h-some, label: hedge, quote: "some", required: false}
  - {id: h-may, label: hedge, quote: "may"}
  - {id: h-several, label: hedge, quote: "several", required: false}
  - {id: h-most, label: hedge, quote: "most", required: false}
  - {id: h-suggest, label: hedge, quote: "suggest"}
  - {id: h-more-than, label: hedge, quote: "more than", required: false}
  - {id: h-believed, label: hedge, quote: "are believed", min: "believed", max: "are believed to", alt_labels: [source], source_type: implicit}
  - {id: h-could, label: hedge, quote: "could", required: false}
  - {id: h-many, label: hedge, quote: "many", required: false}
""",
    ),
    "tech": (
        ("Brightwave recalls 40,000 e-scooters over battery fire risk\n"
        "Electric scooter maker Brightwave is recalling more than 40,000 scooters sold in the UK "
        "and Ireland after reports that their batteries had overheated while charging.\n"
        "The Office for Product Safety and Standards said on Wednesday that it had received 14 "
        "reports of fires, two of which caused serious damage to homes. No injuries have been "
        "reported.\n"
        "The fault appears to affect models made between March and August last year. "
        "Brightwave said a faulty batch of battery cells, supplied by a factory in Shenzhen, "
        "was probably to blame.\n"
        "“Customer safety is our absolute priority,” said Brightwave's managing director, Kate "
        "Lowry. “We have confirmed the cause and a fix is already available.” Owners can book a "
        "free repair online.\n"
        "A former employee, who spoke on condition of anonymity, said engineers had raised "
        "concerns about the cells more than a year ago. The company did not respond to the "
        "claim.\n"
        "Consumer group Fair Deal said the recall was clearly overdue. Insurers could face "
        "claims worth several million pounds, analysts estimate.\n"
        "The recall is thought to be one of the largest of its kind in Europe. Retailer "
        "TechBarn has reportedly removed the scooters from its shelves.\n"),
        """
items:
  - {id: c-headline, label: claim, quote: "Brightwave recalls 40,000 e-scooters over battery fire risk", required: false}
  - {id: c-recalling, label: claim, quote: "Electric scooter maker Brightwave is recalling more than 40,000 scooters sold in the UK and Ireland", min: "Brightwave is recalling more than 40,000 scooters"}
  - {id: c-overheated, label: claim, quote: "their batteries had overheated while charging", min: "batteries had overheated"}
  - {id: c-14-reports, label: claim, quote: "it had received 14 reports of fires", min: "received 14 reports of fires"}
  - {id: c-two-damage, label: claim, quote: "two of which caused serious damage to homes", min: "caused serious damage to homes"}
  - {id: c-no-injuries, label: claim, quote: "No injuries have been reported"}
  - {id: c-fault-affect, label: claim, quote: "The fault appears to affect models made between March and August last year", min: "The fault appears to affect models"}
  - {id: c-faulty-batch, label: claim, quote: "a faulty batch of battery cells, supplied by a factory in Shenzhen, was probably to blame"}
  - {id: c-shenzhen, label: claim, quote: "supplied by a factory in Shenzhen", required: false}
  - {id: c-priority, label: claim, quote: "Customer safety is our absolute priority"}
  - {id: c-confirmed-cause, label: claim, quote: "We have confirmed the cause"}
  - {id: c-fix-available, label: claim, quote: "a fix is already available"}
  - {id: c-book-repair, label: claim, quote: "Owners can book a free repair online", required: false}
  - {id: c-anonymity, label: claim, quote: "who spoke on condition of anonymity", required: false}
  - {id: c-raised-concerns, label: claim, quote: "engineers had raised concerns about the cells more than a year ago", min: "engineers had raised concerns about the cells"}
  - {id: c-not-respond, label: claim, quote: "The company did not respond to the claim", required: false}
  - {id: c-overdue, label: claim, quote: "the recall was clearly overdue"}
  - {id: c-insurers, label: claim, quote: "Insurers could face claims worth several million pounds", min: "Insurers could face claims"}
  - {id: c-largest, label: claim, quote: "The recall is thought to be one of the largest of its kind in Europe", min: "one of the largest of its kind"}
  - {id: c-techbarn, label: claim, quote: "Retailer TechBarn has reportedly removed the scooters from its shelves", min: "TechBarn has reportedly removed the scooters"}
  - {id: s-reports, label: source, quote: "reports", max: "after reports that", source_type: vague}
  - {id: s-opss, label: source, quote: "The Office for Product Safety and Standards", min: "Office for Product Safety and Standards", max: "The Office for Product Safety and Standards said", source_type: named_organization}
  - {id: s-brightwave, label: source, quote: "Brightwave", nth: 3, max: "Brightwave said", source_type: named_organization, interested_party: true}
  - {id: s-lowry, label: source, quote: "Brightwave's managing director, Kate Lowry", min: "Kate Lowry", max: "said Brightwave's managing director, Kate Lowry", source_type: named_person, interested_party: true}
  - {id: s-employee, label: source, quote: "A former employee, who spoke on condition of anonymity", min: "employee", max: "A former employee, who spoke on condition of anonymity, said", source_type: unnamed_described}
  - {id: s-company, label: source, quote: "The company", required: false, source_type: named_organization, interested_party: true}
  - {id: s-fair-deal, label: source, quote: "Consumer group Fair Deal", min: "Fair Deal", max: "Consumer group Fair Deal said", source_type: named_organization}
  - {id: s-analysts, label: source, quote: "analysts", max: "analysts estimate", source_type: vague}
  - {id: h-more-than, label: hedge, quote: "more than", required: false}
  - {id: h-reported, label: hedge, quote: "have been reported", min: "reported", required: false, alt_labels: [source], source_type: implicit}
  - {id: h-appears, label: hedge, quote: "appears", max: "appears to"}
  - {id: h-probably, label: hedge, quote: "probably"}
  - {id: h-more-than-2, label: hedge, quote: "more than", nth: 2, required: false}
  - {id: h-could, label: hedge, quote: "could"}
  - {id: h-several, label: hedge, quote: "several", required: false}
  - {id: h-estimate, label: hedge, quote: "estimate"}
  - {id: h-thought, label: hedge, quote: "is thought", min: "thought", max: "is thought to be", alt_labels: [source], source_type: implicit}
  - {id: h-reportedly, label: hedge, quote: "reportedly", alt_labels: [source], source_type: implicit}
""",
    ),
}


# Set E is a fresh blind set in new domains (environment and wildlife, a housing dispute,
# international aid with numbers, a museum theft), written and keyed by KEY-GUIDE.md by someone
# who had not read the rules or their tests, after the rules were tuned on sets A-D, and scored
# once before any further change. As in set D, pronouns of reporting verbs, "declined to
# comment" and similar borderline cases, relative-clause elaborations and approximators are
# optional items; stated unknowns ("is not yet known", "It is not known whether") are hedges.
HELD_OUT_E = {
    "river": (
        ("Thousands of fish killed in River Calder pollution\n"
        "More than 3,000 fish have died along a six-mile stretch of the River Calder after "
        "what appears to be a sewage leak, the Environment Agency said on Sunday.\n"
        "Brown trout, grayling and eels were among the dead fish, which anglers first noticed "
        "near Holbeck weir on Friday morning. Officers took water samples at 12 sites over "
        "the weekend, and oxygen levels in the river were found to be dangerously low.\n"
        "“This is clearly one of the worst pollution incidents we have seen on the Calder in "
        "a decade,” said Helen Ashworth, the agency’s area manager. “We will follow the "
        "evidence wherever it leads.”\n"
        "The spill is believed to have come from a pumping station run by Pennine Water near "
        "the village of Stanmoor. A spokesperson for the company said it was “urgently "
        "investigating” and that a pump had failed during heavy rain on Thursday night. The "
        "company denied that untreated sewage had been released deliberately.\n"
        "Local residents say the river smelt of sewage for several days before the fish died. "
        "Mark Lindley, who has fished the Calder for over 30 years and chairs the Holbeck "
        "Angling Club, said the damage could take years to repair. “Some of those trout were "
        "twenty years old. You cannot just restock a river like that,” he told the Post.\n"
        "It is understood that otters and kingfishers along the river may also be affected, "
        "although wildlife groups have not yet found any dead animals. Experts say fish "
        "stocks have usually recovered within five years after similar incidents.\n"
        "Pennine Water was fined £1.2 million in 2021 after a spill into the same river, "
        "court records show. Whether the company will face prosecution this time, or a civil "
        "penalty, is not yet known. The agency said its investigation was likely to take "
        "several months.\n"
        "Can the river recover before the spawning season? Dr Priya Sharma, a freshwater "
        "ecologist at Calder University, said the trout might still spawn this winter if "
        "there are no further spills.\n"),
        """
items:
  - {id: c-headline, label: claim, quote: "Thousands of fish killed in River Calder pollution", required: false}
  - {id: c-3000-died, label: claim, quote: "More than 3,000 fish have died along a six-mile stretch of the River Calder", min: "3,000 fish have died"}
  - {id: c-sewage-leak, label: claim, quote: "what appears to be a sewage leak", required: false}
  - {id: c-among-dead, label: claim, quote: "Brown trout, grayling and eels were among the dead fish"}
  - {id: c-anglers-noticed, label: claim, quote: "which anglers first noticed near Holbeck weir on Friday morning", required: false}
  - {id: c-samples, label: claim, quote: "Officers took water samples at 12 sites over the weekend", min: "Officers took water samples"}
  - {id: c-oxygen, label: claim, quote: "oxygen levels in the river were found to be dangerously low", min: "oxygen levels in the river were found"}
  - {id: c-worst, label: claim, quote: "This is clearly one of the worst pollution incidents we have seen on the Calder in a decade", min: "This is clearly one of the worst pollution incidents"}
  - {id: c-follow-evidence, label: claim, quote: "We will follow the evidence wherever it leads", required: false}
  - {id: c-spill-station, label: claim, quote: "The spill is believed to have come from a pumping station run by Pennine Water near the village of Stanmoor", min: "The spill is believed to have come from a pumping station"}
  - {id: c-run-by, label: claim, quote: "run by Pennine Water", required: false}
  - {id: c-investigating, label: claim, quote: "it was “urgently investigating”", min: "urgently investigating"}
  - {id: c-pump-failed, label: claim, quote: "a pump had failed during heavy rain on Thursday night", min: "a pump had failed"}
  - {id: c-deliberately, label: claim, quote: "untreated sewage had been released deliberately"}
  - {id: c-smelt, label: claim, quote: "the river smelt of sewage for several days before the fish died", min: "the river smelt of sewage"}
  - {id: c-lindley-who, label: claim, quote: "who has fished the Calder for over 30 years and chairs the Holbeck Angling Club", required: false}
  - {id: c-damage-years, label: claim, quote: "the damage could take years to repair", min: "the damage could take years"}
  - {id: c-twenty-years, label: claim, quote: "Some of those trout were twenty years old", min: "trout were twenty years old"}
  - {id: c-restock, label: claim, quote: "You cannot just restock a river like that", required: false}
  - {id: c-otters, label: claim, quote: "otters and kingfishers along the river may also be affected"}
  - {id: c-no-dead-animals, label: claim, quote: "wildlife groups have not yet found any dead animals"}
  - {id: c-recovered, label: claim, quote: "fish stocks have usually recovered within five years after similar incidents", min: "fish stocks have usually recovered"}
  - {id: c-fined, label: claim, quote: "Pennine Water was fined £1.2 million in 2021 after a spill into the same river", min: "Pennine Water was fined £1.2 million"}
  - {id: c-months, label: claim, quote: "its investigation was likely to take several months", min: "its investigation was likely to take"}
  - {id: c-spawn, label: claim, quote: "the trout might still spawn this winter if there are no further spills", min: "the trout might still spawn"}
  - {id: s-agency, label: source, quote: "the Environment Agency", min: "Environment Agency", max: "the Environment Agency said", source_type: named_organization}
  - {id: s-ashworth, label: source, quote: "Helen Ashworth, the agency’s area manager", min: "Helen Ashworth", max: "said Helen Ashworth, the agency’s area manager", source_type: named_person}
  - {id: s-spokesperson, label: source, quote: "A spokesperson for the company", min: "spokesperson", max: "A spokesperson for the company said", source_type: unnamed_described, interested_party: true}
  - {id: s-company, label: source, quote: "The company", max: "The company denied", source_type: named_organization, interested_party: true}
  - {id: s-residents, label: source, quote: "Local residents", min: "residents", max: "Local residents say", source_type: vague}
  - {id: s-lindley, label: source, quote: "Mark Lindley, who has fished the Calder for over 30 years and chairs the Holbeck Angling Club", min: "Mark Lindley", max: "Mark Lindley, who has fished the Calder for over 30 years and chairs the Holbeck Angling Club, said", source_type: named_person}
  - {id: s-he, label: source, quote: "he", nth: 22, max: "he told", required: false, source_type: named_person}
  - {id: s-experts, label: source, quote: "Experts", max: "Experts say", source_type: vague}
  - {id: s-records, label: source, quote: "court records", min: "records", max: "court records show", source_type: vague}
  - {id: s-agency-2, label: source, quote: "The agency", max: "The agency said", source_type: named_organization}
  - {id: s-sharma, label: source, quote: "Dr Priya Sharma, a freshwater ecologist at Calder University", min: "Priya Sharma", max: "Dr Priya Sharma, a freshwater ecologist at Calder University, said", source_type: named_person}
  - {id: h-more-than, label: hedge, quote: "More than", required: false}
  - {id: h-appears, label: hedge, quote: "appears", max: "appears to be"}
  - {id: h-believed, label: hedge, quote: "is believed", min: "believed", max: "is believed to", alt_labels: [source], source_type: implicit}
  - {id: h-several, label: hedge, quote: "several", required: false}
  - {id: h-over, label: hedge, quote: "over", nth: 2, required: false}
  - {id: h-could, label: hedge, quote: "could"}
  - {id: h-some, label: hedge, quote: "Some", required: false}
  - {id: h-understood, label: hedge, quote: "It is understood", min: "understood", max: "It is understood that", alt_labels: [source], source_type: implicit}
  - {id: h-may, label: hedge, quote: "may"}
  - {id: h-usually, label: hedge, quote: "usually", required: false}
  - {id: h-not-known, label: hedge, quote: "is not yet known", min: "not yet known"}
  - {id: h-likely, label: hedge, quote: "likely", max: "was likely to"}
  - {id: h-several-2, label: hedge, quote: "several", nth: 2, required: false}
  - {id: h-might, label: hedge, quote: "might"}
""",
    ),
    "housing": (
        ("Tenants withhold rent over damp in Ferrybridge tower\n"
        "Tenants in a 15-storey tower block in Ferrybridge have stopped paying rent in "
        "protest at damp and mould that they say is making their children ill.\n"
        "About 60 of the 112 flats in Carlton House are taking part in the rent strike, which "
        "began on 1 March, according to the Carlton House Tenants’ Union.\n"
        "“We have reported the mould again and again, and nothing happens,” said Amina Yusuf, "
        "the union’s secretary, who lives on the ninth floor with her two children. “My "
        "youngest has been in hospital twice with asthma this winter.”\n"
        "The block’s landlord, Northgate Housing Association, said it had spent £400,000 on "
        "repairs in the past two years and that most of the problems were caused by "
        "condensation. A spokesperson said tenants who withheld rent could face eviction "
        "proceedings, although the association had “no wish” to take anyone to court.\n"
        "Housing officers from Ferrybridge Council are understood to have inspected 20 flats "
        "last week. The inspection reportedly found serious hazards in at least eight of "
        "them. The council declined to publish its report, saying it had not yet been shared "
        "with the landlord.\n"
        "Campaigners argue that the association has clearly failed in its legal duty to keep "
        "the homes fit to live in. A housing lawyer, who asked not to be named, said the "
        "tenants appeared to have a strong case but warned that a rent strike carried real "
        "risks.\n"
        "It is unclear whether the association will carry out the repairs with families in "
        "place or move them out while the work is done. Around 300 people live in the block, "
        "which was built in 1968.\n"
        "Will other blocks follow? Tenants in two nearby towers are said to be considering "
        "similar action.\n"
        "Northgate’s chief executive, Graham Pike, is expected to meet residents on Thursday.\n"),
        """
items:
  - {id: c-headline, label: claim, quote: "Tenants withhold rent over damp in Ferrybridge tower", required: false}
  - {id: c-stopped-paying, label: claim, quote: "Tenants in a 15-storey tower block in Ferrybridge have stopped paying rent in protest at damp and mould", min: "have stopped paying rent"}
  - {id: c-making-ill, label: claim, quote: "is making their children ill"}
  - {id: c-60-flats, label: claim, quote: "About 60 of the 112 flats in Carlton House are taking part in the rent strike", min: "60 of the 112 flats in Carlton House are taking part"}
  - {id: c-began-march, label: claim, quote: "which began on 1 March", required: false}
  - {id: c-reported-mould, label: claim, quote: "We have reported the mould again and again", min: "We have reported the mould"}
  - {id: c-nothing-happens, label: claim, quote: "nothing happens"}
  - {id: c-lives-ninth, label: claim, quote: "who lives on the ninth floor with her two children", required: false}
  - {id: c-hospital-twice, label: claim, quote: "My youngest has been in hospital twice with asthma this winter", min: "My youngest has been in hospital twice"}
  - {id: c-spent-400k, label: claim, quote: "it had spent £400,000 on repairs in the past two years", min: "it had spent £400,000 on repairs"}
  - {id: c-condensation, label: claim, quote: "most of the problems were caused by condensation", min: "the problems were caused by condensation"}
  - {id: c-eviction, label: claim, quote: "tenants who withheld rent could face eviction proceedings", min: "could face eviction proceedings"}
  - {id: c-no-wish, label: claim, quote: "the association had “no wish” to take anyone to court"}
  - {id: c-inspected, label: claim, quote: "Housing officers from Ferrybridge Council are understood to have inspected 20 flats last week", min: "Housing officers from Ferrybridge Council are understood to have inspected 20 flats"}
  - {id: c-hazards, label: claim, quote: "The inspection reportedly found serious hazards in at least eight of them", min: "The inspection reportedly found serious hazards"}
  - {id: c-declined-publish, label: claim, quote: "The council declined to publish its report", required: false}
  - {id: c-not-shared, label: claim, quote: "it had not yet been shared with the landlord"}
  - {id: c-failed-duty, label: claim, quote: "the association has clearly failed in its legal duty to keep the homes fit to live in", min: "the association has clearly failed in its legal duty"}
  - {id: c-not-named, label: claim, quote: "who asked not to be named", required: false}
  - {id: c-strong-case, label: claim, quote: "the tenants appeared to have a strong case"}
  - {id: c-real-risks, label: claim, quote: "a rent strike carried real risks"}
  - {id: c-300-people, label: claim, quote: "Around 300 people live in the block", min: "300 people live in the block"}
  - {id: c-built-1968, label: claim, quote: "which was built in 1968", required: false}
  - {id: c-considering, label: claim, quote: "Tenants in two nearby towers are said to be considering similar action", min: "Tenants in two nearby towers are said to be considering"}
  - {id: c-pike-meet, label: claim, quote: "Northgate’s chief executive, Graham Pike, is expected to meet residents on Thursday", min: "Graham Pike, is expected to meet residents"}
  - {id: s-they, label: source, quote: "they", max: "they say", required: false, source_type: unnamed_described}
  - {id: s-union, label: source, quote: "the Carlton House Tenants’ Union", min: "Carlton House Tenants’ Union", max: "according to the Carlton House Tenants’ Union", source_type: named_organization, interested_party: true}
  - {id: s-yusuf, label: source, quote: "Amina Yusuf, the union’s secretary, who lives on the ninth floor with her two children", min: "Amina Yusuf", max: "said Amina Yusuf, the union’s secretary, who lives on the ninth floor with her two children", source_type: named_person, interested_party: true}
  - {id: s-northgate, label: source, quote: "The block’s landlord, Northgate Housing Association", min: "Northgate Housing Association", max: "The block’s landlord, Northgate Housing Association, said", source_type: named_organization, interested_party: true}
  - {id: s-spokesperson, label: source, quote: "A spokesperson", min: "spokesperson", max: "A spokesperson said", source_type: unnamed_described, interested_party: true}
  - {id: s-inspection, label: source, quote: "The inspection", required: false, source_type: vague}
  - {id: s-council, label: source, quote: "The council", max: "The council declined", source_type: named_organization}
  - {id: s-campaigners, label: source, quote: "Campaigners", max: "Campaigners argue", source_type: vague}
  - {id: s-lawyer, label: source, quote: "A housing lawyer, who asked not to be named", min: "lawyer", max: "A housing lawyer, who asked not to be named, said", source_type: unnamed_described}
  - {id: h-about, label: hedge, quote: "About", required: false}
  - {id: h-most, label: hedge, quote: "most", required: false}
  - {id: h-could, label: hedge, quote: "could"}
  - {id: h-understood, label: hedge, quote: "are understood", min: "understood", max: "are understood to", alt_labels: [source], source_type: implicit}
  - {id: h-reportedly, label: hedge, quote: "reportedly", alt_labels: [source], source_type: implicit}
  - {id: h-at-least, label: hedge, quote: "at least", required: false}
  - {id: h-argue, label: hedge, quote: "argue", required: false}
  - {id: h-appeared, label: hedge, quote: "appeared", max: "appeared to"}
  - {id: h-unclear, label: hedge, quote: "unclear", max: "It is unclear whether"}
  - {id: h-around, label: hedge, quote: "Around", required: false}
  - {id: h-said, label: hedge, quote: "are said", min: "said", max: "are said to be", alt_labels: [source], source_type: implicit}
  - {id: h-expected, label: hedge, quote: "is expected", min: "expected", max: "is expected to", alt_labels: [source], source_type: implicit}
""",
    ),
    "drought": (
        ("Drought could leave 12 million hungry in East Africa, UN warns\n"
        "NAIROBI — Up to 12 million people in Kenya, Ethiopia and Somalia could face severe "
        "food shortages by September after a fourth failed rainy season, the United Nations "
        "said on Tuesday.\n"
        "The World Food Programme estimated that cereal harvests in the region would be "
        "roughly 40% below the five-year average. Around 1.5 million livestock have already "
        "died, according to government figures.\n"
        "“Families have sold everything they own to survive,” said Michael Dunford, the WFP’s "
        "regional director, who returned last week from northern Kenya. “Without more "
        "funding, we will have to cut rations from next month.”\n"
        "The agency says it needs $900 million to keep its operations running until the end "
        "of the year but has so far received less than a third of that amount. Donor "
        "countries are reportedly preparing new pledges for a conference in Geneva next "
        "month.\n"
        "Climate scientists say the drought was made far more likely by rising global "
        "temperatures. A study by the World Weather Attribution group, which was published "
        "last year, found that such droughts had become about 100 times more likely since the "
        "19th century.\n"
        "Officials in Addis Ababa have disputed the UN’s figures, insisting that the "
        "situation in Ethiopia is under control. Aid workers in the Somali region, however, "
        "described camps where thousands of families had arrived in recent weeks.\n"
        "It remains unclear whether the next rains, due in October, will arrive on time or "
        "fail again. Forecasters have confirmed that a La Niña pattern is developing, which "
        "usually brings drier weather to the region.\n"
        "Will the money arrive in time? Some health workers believe the death toll may "
        "already be in the hundreds, although no official figure has been published.\n"),
        """
items:
  - {id: c-headline, label: claim, quote: "Drought could leave 12 million hungry in East Africa", required: false}
  - {id: c-12-million, label: claim, quote: "Up to 12 million people in Kenya, Ethiopia and Somalia could face severe food shortages by September after a fourth failed rainy season", min: "12 million people in Kenya, Ethiopia and Somalia could face severe food shortages"}
  - {id: c-fourth-failed, label: claim, quote: "a fourth failed rainy season", required: false}
  - {id: c-harvests-40, label: claim, quote: "cereal harvests in the region would be roughly 40% below the five-year average", min: "cereal harvests in the region would be"}
  - {id: c-livestock, label: claim, quote: "Around 1.5 million livestock have already died", min: "1.5 million livestock have already died"}
  - {id: c-sold-everything, label: claim, quote: "Families have sold everything they own to survive"}
  - {id: c-returned-kenya, label: claim, quote: "who returned last week from northern Kenya", required: false}
  - {id: c-cut-rations, label: claim, quote: "Without more funding, we will have to cut rations from next month", min: "we will have to cut rations"}
  - {id: c-needs-900m, label: claim, quote: "it needs $900 million to keep its operations running until the end of the year", min: "it needs $900 million"}
  - {id: c-received-third, label: claim, quote: "has so far received less than a third of that amount", min: "received less than a third"}
  - {id: c-pledges, label: claim, quote: "Donor countries are reportedly preparing new pledges for a conference in Geneva next month", min: "Donor countries are reportedly preparing new pledges"}
  - {id: c-made-likely, label: claim, quote: "the drought was made far more likely by rising global temperatures", min: "the drought was made far more likely"}
  - {id: c-published-last-year, label: claim, quote: "which was published last year", required: false}
  - {id: c-100-times, label: claim, quote: "such droughts had become about 100 times more likely since the 19th century", min: "such droughts had become about 100 times more likely"}
  - {id: c-disputed, label: claim, quote: "Officials in Addis Ababa have disputed the UN’s figures", min: "have disputed the UN’s figures"}
  - {id: c-under-control, label: claim, quote: "the situation in Ethiopia is under control"}
  - {id: c-camps, label: claim, quote: "camps where thousands of families had arrived in recent weeks", min: "thousands of families had arrived"}
  - {id: c-due-october, label: claim, quote: "due in October", required: false}
  - {id: c-la-nina, label: claim, quote: "a La Niña pattern is developing"}
  - {id: c-drier, label: claim, quote: "which usually brings drier weather to the region", required: false}
  - {id: c-death-toll, label: claim, quote: "the death toll may already be in the hundreds"}
  - {id: c-no-official, label: claim, quote: "no official figure has been published"}
  - {id: s-un-headline, label: source, quote: "UN", max: "UN warns", required: false, source_type: named_organization}
  - {id: s-un, label: source, quote: "the United Nations", min: "United Nations", max: "the United Nations said", source_type: named_organization}
  - {id: s-wfp, label: source, quote: "The World Food Programme", min: "World Food Programme", max: "The World Food Programme estimated", source_type: named_organization}
  - {id: s-gov-figures, label: source, quote: "government figures", min: "figures", max: "according to government figures", source_type: vague}
  - {id: s-dunford, label: source, quote: "Michael Dunford, the WFP’s regional director, who returned last week from northern Kenya", min: "Michael Dunford", max: "said Michael Dunford, the WFP’s regional director, who returned last week from northern Kenya", source_type: named_person, interested_party: true}
  - {id: s-agency, label: source, quote: "The agency", max: "The agency says", source_type: named_organization, interested_party: true}
  - {id: s-scientists, label: source, quote: "Climate scientists", min: "scientists", max: "Climate scientists say", source_type: vague}
  - {id: s-study, label: source, quote: "A study by the World Weather Attribution group", min: "World Weather Attribution group", max: "A study by the World Weather Attribution group, which was published last year, found", source_type: named_organization}
  - {id: s-officials, label: source, quote: "Officials in Addis Ababa", min: "Officials", max: "Officials in Addis Ababa have disputed", source_type: unnamed_described, interested_party: true}
  - {id: s-aid-workers, label: source, quote: "Aid workers in the Somali region", min: "Aid workers", max: "Aid workers in the Somali region, however, described", source_type: unnamed_described}
  - {id: s-forecasters, label: source, quote: "Forecasters", max: "Forecasters have confirmed", source_type: vague}
  - {id: s-health-workers, label: source, quote: "Some health workers", min: "health workers", max: "Some health workers believe", source_type: vague}
  - {id: h-could-headline, label: hedge, quote: "could", required: false}
  - {id: h-up-to, label: hedge, quote: "Up to", required: false}
  - {id: h-could, label: hedge, quote: "could", nth: 2}
  - {id: h-estimated, label: hedge, quote: "estimated"}
  - {id: h-roughly, label: hedge, quote: "roughly", required: false}
  - {id: h-around, label: hedge, quote: "Around", required: false}
  - {id: h-less-than, label: hedge, quote: "less than", required: false}
  - {id: h-reportedly, label: hedge, quote: "reportedly", alt_labels: [source], source_type: implicit}
  - {id: h-more-likely, label: hedge, quote: "more likely", required: false}
  - {id: h-about, label: hedge, quote: "about", required: false}
  - {id: h-more-likely-2, label: hedge, quote: "more likely", nth: 2, required: false}
  - {id: h-insisting, label: hedge, quote: "insisting", required: false}
  - {id: h-thousands, label: hedge, quote: "thousands", required: false}
  - {id: h-unclear, label: hedge, quote: "unclear", max: "It remains unclear whether"}
  - {id: h-usually, label: hedge, quote: "usually", required: false}
  - {id: h-some, label: hedge, quote: "Some", required: false}
  - {id: h-believe, label: hedge, quote: "believe"}
  - {id: h-may, label: hedge, quote: "may"}
""",
    ),
    "museum": (
        ("Gold torc stolen from Dunmore museum in overnight raid\n"
        "Thieves broke into Dunmore Museum overnight and stole an Iron Age gold necklace "
        "worth an estimated £2 million, police said on Wednesday.\n"
        "The torc, which was found by a metal detectorist in 2009, is thought to be one of "
        "only five of its kind in Britain. Staff discovered the theft when they arrived at "
        "about 7.30am.\n"
        "Detective Inspector Sarah Quinn of Northshire Police said the raid appeared to have "
        "been carefully planned. “The thieves knew exactly where the alarm sensors were,” she "
        "said. “We are keen to hear from anyone who saw a vehicle near the museum between "
        "midnight and 4am.”\n"
        "Two men were seen on CCTV cutting through a fire door, officers said. The alarm "
        "allegedly failed to alert the security company, which has not commented.\n"
        "The museum’s director, Neil Ferris, who has run the museum since 2015, said staff "
        "were “devastated”. He said the torc was insured but that its value to the town could "
        "not be measured in money.\n"
        "Experts fear the necklace may be melted down for its gold, which is worth about "
        "£60,000 at current prices. “Once it is melted, it is gone for ever,” said Dr Rachel "
        "Amis, an archaeologist at Kirkby University.\n"
        "It is not known whether the thieves were working to order or hoping to sell the torc "
        "on the black market. Police confirmed that a similar raid on a museum in Ireland "
        "last year was being examined, but said there was no evidence yet of a link.\n"
        "Could the museum have done more? A former security adviser to the museum, speaking "
        "on condition of anonymity, said concerns about the fire door had been raised at "
        "least twice.\n"
        "The museum will stay closed until Monday.\n"),
        """
items:
  - {id: c-headline, label: claim, quote: "Gold torc stolen from Dunmore museum in overnight raid", required: false}
  - {id: c-broke-in, label: claim, quote: "Thieves broke into Dunmore Museum overnight", min: "Thieves broke into Dunmore Museum"}
  - {id: c-stole, label: claim, quote: "stole an Iron Age gold necklace worth an estimated £2 million", min: "stole an Iron Age gold necklace"}
  - {id: c-found-2009, label: claim, quote: "which was found by a metal detectorist in 2009", required: false}
  - {id: c-one-of-five, label: claim, quote: "The torc, which was found by a metal detectorist in 2009, is thought to be one of only five of its kind in Britain", min: "one of only five of its kind"}
  - {id: c-discovered, label: claim, quote: "Staff discovered the theft when they arrived at about 7.30am", min: "Staff discovered the theft"}
  - {id: c-planned, label: claim, quote: "the raid appeared to have been carefully planned"}
  - {id: c-sensors, label: claim, quote: "The thieves knew exactly where the alarm sensors were"}
  - {id: c-keen-hear, label: claim, quote: "We are keen to hear from anyone who saw a vehicle near the museum between midnight and 4am", required: false}
  - {id: c-cctv, label: claim, quote: "Two men were seen on CCTV cutting through a fire door", min: "Two men were seen on CCTV"}
  - {id: c-alarm-failed, label: claim, quote: "The alarm allegedly failed to alert the security company", min: "The alarm allegedly failed"}
  - {id: c-not-commented, label: claim, quote: "which has not commented", required: false}
  - {id: c-has-run, label: claim, quote: "who has run the museum since 2015", required: false}
  - {id: c-devastated, label: claim, quote: "staff were “devastated”"}
  - {id: c-insured, label: claim, quote: "the torc was insured"}
  - {id: c-value-town, label: claim, quote: "its value to the town could not be measured in money", min: "its value to the town could not be measured"}
  - {id: c-melted, label: claim, quote: "the necklace may be melted down for its gold", min: "the necklace may be melted down"}
  - {id: c-gold-60k, label: claim, quote: "which is worth about £60,000 at current prices", required: false}
  - {id: c-gone, label: claim, quote: "Once it is melted, it is gone for ever", min: "it is gone for ever"}
  - {id: c-ireland, label: claim, quote: "a similar raid on a museum in Ireland last year was being examined"}
  - {id: c-no-evidence, label: claim, quote: "there was no evidence yet of a link"}
  - {id: c-anonymity, label: claim, quote: "speaking on condition of anonymity", required: false}
  - {id: c-concerns, label: claim, quote: "concerns about the fire door had been raised at least twice", min: "concerns about the fire door had been raised"}
  - {id: c-closed, label: claim, quote: "The museum will stay closed until Monday", required: false}
  - {id: s-police, label: source, quote: "police", max: "police said", source_type: named_organization}
  - {id: s-quinn, label: source, quote: "Detective Inspector Sarah Quinn of Northshire Police", min: "Sarah Quinn", max: "Detective Inspector Sarah Quinn of Northshire Police said", source_type: named_person}
  - {id: s-she, label: source, quote: "she", max: "she said", required: false, source_type: named_person}
  - {id: s-officers, label: source, quote: "officers", max: "officers said", source_type: unnamed_described}
  - {id: s-security-company, label: source, quote: "the security company", required: false, source_type: named_organization}
  - {id: s-ferris, label: source, quote: "The museum’s director, Neil Ferris, who has run the museum since 2015", min: "Neil Ferris", max: "The museum’s director, Neil Ferris, who has run the museum since 2015, said", source_type: named_person, interested_party: true}
  - {id: s-he, label: source, quote: "He", max: "He said", required: false, source_type: named_person}
  - {id: s-experts, label: source, quote: "Experts", max: "Experts fear", source_type: vague}
  - {id: s-amis, label: source, quote: "Dr Rachel Amis, an archaeologist at Kirkby University", min: "Rachel Amis", max: "said Dr Rachel Amis, an archaeologist at Kirkby University", source_type: named_person}
  - {id: s-police-2, label: source, quote: "Police", nth: 2, max: "Police confirmed", source_type: named_organization}
  - {id: s-adviser, label: source, quote: "A former security adviser to the museum, speaking on condition of anonymity", min: "adviser", max: "A former security adviser to the museum, speaking on condition of anonymity, said", source_type: unnamed_described}
  - {id: h-estimated, label: hedge, quote: "estimated"}
  - {id: h-thought, label: hedge, quote: "is thought", min: "thought", max: "is thought to be", alt_labels: [source], source_type: implicit}
  - {id: h-about, label: hedge, quote: "about", required: false}
  - {id: h-appeared, label: hedge, quote: "appeared", max: "appeared to have been"}
  - {id: h-allegedly, label: hedge, quote: "allegedly"}
  - {id: h-fear, label: hedge, quote: "fear", required: false}
  - {id: h-may, label: hedge, quote: "may"}
  - {id: h-about-2, label: hedge, quote: "about", nth: 2, required: false}
  - {id: h-not-known, label: hedge, quote: "not known", max: "It is not known whether"}
  - {id: h-at-least, label: hedge, quote: "at least", required: false}
""",
    ),
}

def held_out_keys(corpus=None):
    """The held-out articles as (name, AnswerKey) pairs."""
    for name, (text, items_yaml) in (HELD_OUT if corpus is None else corpus).items():
        article = Article.from_text(text, id=f"heldout-{name}")
        data = {"format": "annotator.key.v1", "article": article.id, "sha256": article.sha256,
                "labels": list(LABELS), **yaml.safe_load(items_yaml)}
        yield name, parse_key(data, article=article)


# -- measuring ----------------------------------------------------------------------------


def measure(key, tiers=("core", "optional")):
    suggestions = [s for s in suggest(key.article) if s.tier in tiers]
    result = score([s.to_mark() for s in suggestions], key, "standard")
    return suggestions, result


def pooled(results):
    """Pool several articles: credit-weighted sums over all items and marks."""
    out = {}
    for label in LABELS:
        wanted = [r for res in results for r in res.items if r.required and r.label == label]
        counted = [m for res in results for m in res.marks
                   if m.status != "optional" and m.label == label]
        p = sum(m.credit for m in counted) / len(counted) if counted else None
        r = sum(i.credit * i.points for i in wanted) / sum(i.points for i in wanted) \
            if wanted else None
        f = None if p is None or r is None else (0.0 if p + r == 0 else 2 * p * r / (p + r))
        out[label] = (p, r, f, len(wanted), len(counted))
    return out


def fmt(x):
    return "  n/a" if x is None else f"{x:5.2f}"


def table(title, rows):
    print(f"\n{title}")
    print(f"{'label':<8}{'P':>7}{'R':>7}{'F1':>7}{'goal F1':>9}{'items':>7}{'marks':>7}")
    for label in LABELS:
        p, r, f, items, marks = rows[label]
        flag = "" if f is None else ("  ok" if f >= GOALS[label] else "  below goal")
        print(f"{label:<8}{fmt(p):>7}{fmt(r):>7}{fmt(f):>7}{GOALS[label]:>9.2f}{items:>7}"
              f"{marks:>7}{flag}")


def rows_of(result):
    out = {}
    for label in LABELS:
        fig = result.labels.get(label)
        items = sum(1 for r in result.items if r.required and r.label == label)
        marks = sum(1 for m in result.marks if m.status != "optional" and m.label == label)
        out[label] = (fig.precision, fig.recall, fig.f1, items, marks)
    return out


# First runs, before any rule was changed on the set: the honest estimate for unseen text.
# (Each later set was written and keyed after the rules were revised on the one before.)
BLIND_FIRST_RUNS = {
    "A (health, council, sport, science)": {"claim": (0.99, 0.87, 0.93),
                                            "source": (0.68, 0.65, 0.67),
                                            "hedge": (1.00, 1.00, 1.00)},
    "B (health-2, council-2, sport-2, science-2)": {"claim": (0.97, 0.94, 0.96),
                                                    "source": (1.00, 0.81, 0.89),
                                                    "hedge": (0.93, 0.87, 0.90)},
    "C (medicine, transport, court)": {"claim": (0.96, 0.96, 0.96),
                                       "source": (1.00, 0.75, 0.86),
                                       "hedge": (0.82, 1.00, 0.90)},
    "D (weather, business, education, tech)": {"claim": (0.99, 0.96, 0.98),
                                               "source": (0.88, 0.79, 0.84),
                                               "hedge": (1.00, 0.95, 0.97)},
    "E (river, housing, drought, museum)": {"claim": (0.98, 0.94, 0.96),
                                            "source": (1.00, 0.89, 0.94),
                                            "hedge": (0.96, 1.00, 0.98)},
}
SETS = {"A": HELD_OUT, "B": HELD_OUT_B, "C": HELD_OUT_C, "D": HELD_OUT_D, "E": HELD_OUT_E}


def main() -> None:
    print("annotator suggest, scored with annotator.scoring.score (policy: standard).")
    print("P and R are credit-weighted: a partly matching suggestion earns partial credit;")
    print("suggestions that match optional key items count neither way.")
    key = load_key(ROOT / "answer_keys" / "kn23.yaml")
    t0 = time.perf_counter()
    suggestions, result = measure(key)
    elapsed = time.perf_counter() - t0
    print(f"\nkn23: {len(suggestions)} suggestions in {elapsed * 1000:.0f} ms "
          "(includes building the spaCy pipeline)")
    table("kn23 (seed article; the rules were developed next to it)", rows_of(result))
    _, core_only = measure(key, tiers=("core",))
    table("kn23, core tier only (optional-tier suggestions left out)", rows_of(core_only))

    for name, corpus in SETS.items():
        results, misses, extras = [], [], []
        for article_name, held_key in held_out_keys(corpus):
            _, res = measure(held_key)
            results.append(res)
            misses += [f"{article_name}:{r.id}" for r in res.items
                       if r.required and r.outcome != "hit"]
            extras += [f"{article_name}:{' '.join(held_key.article.text[m.start:m.end].split())}"
                       for m in res.marks if m.status == "extra"]
        table(f"set {name}, pooled over {len(results)} articles (now; see the first runs below)",
              pooled(results))
        print(f"  required items not fully hit: {', '.join(misses) or 'none'}")
        print(f"  extra suggestions: {'; '.join(extras) or 'none'}")

    print("\nFirst run on each set, before any rule was changed on it (recorded; F1 per label):")
    print(f"{'set':<46}{'claim':>7}{'source':>8}{'hedge':>7}")
    for name, figures in BLIND_FIRST_RUNS.items():
        print(f"{name:<46}" + "".join(f"{figures[label][2]:>{w}.2f}" for label, w in
                                        zip(LABELS, (7, 8, 7))))

    big = Article.from_text("\n".join([key.article.text] * 50), id="big")
    t0 = time.perf_counter()
    found = suggest(big)
    elapsed = time.perf_counter() - t0
    print(f"\nspeed: {big.word_count:,} words, {len(found):,} suggestions in {elapsed:.2f} s "
          f"({big.word_count / elapsed:,.0f} words/s)")


if __name__ == "__main__":
    main()
