"""How fast is scoring? 10,000 synthetic submissions against kn23, three ways, one run.

(a) read and parse the files only (the floor): ``json.loads``
(a') read the files with the format's own reader (``load_submission``: JSON, then the shape of a
     submission checked and its marks built), the floor ``bench_grade.py`` uses
(b) read, validate against the key's article and score (what grading does)
(c) the nervaluate package scoring the same spans (a peer; spans already in memory)

(a) and (b) run with Python's cyclic garbage collector paused, as ``annotator grade`` runs
(see ``annotator.batch``); the figures with it running are printed too.

Usage: python benchmarks/bench_score.py [--count N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write_class

from annotator import submission
from annotator.batch import collector_paused
from annotator.key import load_key
from annotator.scoring import Scorer
from annotator.submission import check_against, load_submission

ROOT = Path(__file__).resolve().parent.parent


def best_of(runs: int, fn):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()

    key = load_key(ROOT / "answer_keys" / "kn23.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        paths = write_class(key, Path(tmp), args.count)
        print(f"wrote {len(paths):,} submissions in {time.perf_counter() - t0:.1f} s")

        def read_only():
            return [json.loads(p.read_bytes()) for p in paths]

        def read_with_reader():
            return [load_submission(p) for p in paths]

        def read_validate_score():
            submission._checked.clear()  # every run starts cold, as a grading run does
            # as ``annotator grade`` runs: every file read and checked, then every one scored
            scorer = Scorer(key, "standard")
            subs = []
            for p in paths:
                sub = load_submission(p)
                check_against(sub, key.article, key.labels)
                subs.append(sub)
            return [scorer.score(sub.marks) for sub in subs]

        with collector_paused():
            ta, raw = best_of(args.runs, read_only)
            ta2, _ = best_of(args.runs, read_with_reader)
            tb, results = best_of(args.runs, read_validate_score)
        ta_gc, _ = best_of(args.runs, read_only)
        tb_gc, _ = best_of(args.runs, read_validate_score)

    article = key.article
    tags = list(key.labels)

    def word_spans(marks):
        out = []
        for m in marks:
            i, j = article.word_range(m["start"], m["end"])
            if i < j:
                out.append({"label": m["label"], "start": i, "end": j - 1})
        return out

    true = [{"label": it.label, "start": i, "end": j - 1} for it in key.items if it.required
            for i, j in [article.word_range(it.start, it.end)]]
    trues = [true] * len(raw)
    preds = [word_spans(d["marks"]) for d in raw]

    tc = None
    try:
        from nervaluate import Evaluator
    except ImportError:
        print("nervaluate is not installed (pip install -e '.[bench]'): no peer figure.")
    else:
        tc, _ = best_of(1, lambda: Evaluator(trues, preds, tags=tags).evaluate())

    n = len(paths)
    mean = sum(r.percent for r in results) / n
    print(f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, "
          f"{platform.processor() or platform.platform()}, Python {platform.python_version()}")
    print(f"class: {n:,} submissions, mean score {mean:.1f}%, "
          f"{sum(len(d['marks']) for d in raw) / n:.1f} marks each, {len(key.items)} key items")
    print(f"{'':42}{'seconds':>9}{'subs/s':>10}")
    print(f"{'(a) read + parse JSON':42}{ta:9.2f}{n / ta:10,.0f}")
    reader = "(a') read with the submission reader"
    print(f"{reader:42}{ta2:9.2f}{n / ta2:10,.0f}")
    print(f"{'(b) read + validate + score (annotator)':42}{tb:9.2f}{n / tb:10,.0f}")
    if tc is not None:
        print(f"{'(c) nervaluate on the same spans':42}{tc:9.2f}{n / tc:10,.0f}")
    print(f"\nb/a = {tb / ta:.2f}  (goal: within 3x of reading)")
    print(f"b/a' = {tb / ta2:.2f}  (against the reader, as bench_grade.py measures its floor)")
    print(f"      with the garbage collector running: a {ta_gc:.2f} s, b {tb_gc:.2f} s, "
          f"b/a = {tb_gc / ta_gc:.2f}")
    if tc is not None:
        print(f"b/c = {tb / tc:.2f}  (goal: below 1, faster than nervaluate)")


if __name__ == "__main__":
    main()
