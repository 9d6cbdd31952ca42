"""Scoring policies: how generous the scorer is about boundaries, labels and extra marks."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Policy:
    name: str
    threshold: float  # token overlap (intersection over union) that earns partial credit
    partial: str  # "overlap": credit = the overlap; "half": a qualifying overlap earns 0.5
    exact: bool  # full credit only for the key's exact span, ignoring min/max
    wrong_label_credit: float  # credit for a span found with the wrong label
    extra_penalty: float  # points taken off for each mark that matches nothing

    def with_overrides(self, **changes) -> Policy:
        return replace(self, **changes)


POLICIES: dict[str, Policy] = {
    "strict": Policy("strict", threshold=1.01, partial="overlap", exact=False,
                     wrong_label_credit=0.0, extra_penalty=0.5),
    "standard": Policy("standard", threshold=0.5, partial="overlap", exact=False,
                       wrong_label_credit=0.0, extra_penalty=0.25),
    "lenient": Policy("lenient", threshold=0.3, partial="overlap", exact=False,
                      wrong_label_credit=0.25, extra_penalty=0.15),
    "semeval": Policy("semeval", threshold=0.5, partial="half", exact=True,
                      wrong_label_credit=0.0, extra_penalty=0.25),
}
DEFAULT_POLICY = "standard"
