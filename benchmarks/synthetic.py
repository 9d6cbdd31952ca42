"""A synthetic class: noisy copies of an answer key, written as submission files.

Noise a real class shows: items missed, boundaries shifted by a word or two, wrong labels and
extra marks. Seeded, so every run writes the same class.
"""

from __future__ import annotations

import random
from pathlib import Path

from annotator.key import AnswerKey
from annotator.submission import Mark, Submission, save_submission


def noisy_marks(key: AnswerKey, rng: random.Random) -> list[Mark]:
    tokens = key.article.tokens
    starts = [s for s, _ in tokens]
    marks = []
    skill = rng.uniform(0.3, 0.95)
    for item in key.items:
        if rng.random() > skill:
            continue  # missed
        start, end = item.start, item.end
        if rng.random() < 0.3:  # shifted boundary, by whole tokens
            i = max(0, min(len(tokens) - 1, starts.index(start) if start in starts else 0)
                    + rng.choice((-2, -1, 1)))
            start = min(tokens[i][0], end - 1)
        label = item.label
        if rng.random() < 0.1:
            label = rng.choice([x for x in key.labels if x != item.label] or [label])
        marks.append(Mark(start, end, label))
    for _ in range(rng.randint(0, 4)):  # extra marks
        i = rng.randrange(len(tokens) - 3)
        marks.append(Mark(tokens[i][0], tokens[i + rng.randint(0, 2)][1], rng.choice(key.labels)))
    rng.shuffle(marks)
    return marks


def write_class(key: AnswerKey, folder: Path, count: int, seed: int = 2026) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        sub = Submission(f"s-{n:05d}", key.sha256, student_name=f"Student {n}",
                         lesson=f"{key.article_id}-full", article_id=key.article_id)
        path = folder / f"s-{n:05d}.json"
        save_submission(sub.with_marks(noisy_marks(key, rng), key.article), path)
        paths.append(path)
    return paths
