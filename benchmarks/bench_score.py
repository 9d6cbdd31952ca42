"""How fast is scoring? 10,000 synthetic submissions against kn23, three ways, one run.

(a) read and parse the files only (the floor): ``json.loads``
(a') read the files with the format's own reader (``load_submission``: JSON, then the shape of a
     submission checked and its marks built), the floor ``bench_grade.py`` uses
(b) read, validate against the key's article and score (what grading does)
(c) the nervaluate package scoring the same spans (a peer; spans already in memory)

(a), (a') and (b) run in turn, round after round, in one process, and each one's best round
counts: a slow spell of the machine then slows them all alike. They run with Python's cyclic
garbage collector paused, as ``annotator grade`` runs (see ``annotator.batch``); the figures
with it running are printed too. So are (a) and (b) each run alone in a new process, as one
``annotator grade`` run is: reading gains the most from memory the process has already used
(about 0.08 s of 0.45 s), so there it is slower and b/a lower.

Usage: python benchmarks/bench_score.py [--count N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
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


def best_of_rounds(runs: int, fns: dict) -> tuple[dict, dict]:
    """Each function's best time over ``runs`` rounds, the functions taken in turn in every
    round, so that a slow spell of the machine slows them all alike (the ratios are what
    count); and each one's last output."""
    times: dict = {name: [] for name in fns}
    outs: dict = {}
    for _ in range(runs):
        for name, fn in fns.items():
            outs.pop(name, None)  # the previous round's output is not held while it runs
            t0 = time.perf_counter()
            outs[name] = fn()
            times[name].append(time.perf_counter() - t0)
    return {name: min(t) for name, t in times.items()}, outs


def steps(key, paths: list[Path]) -> dict:
    """The timed steps, by name."""

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

    return {"a": read_only, "a'": read_with_reader, "b": read_validate_score}


def in_fresh_processes(runs: int, folder: str) -> dict:
    """The best time of (a) and (b), each run alone in a new Python process (as one
    ``annotator grade`` run is), taken in turn ``runs`` times."""
    times: dict = {"a": [], "b": []}
    for _ in range(runs):
        for name, seconds in times.items():
            out = subprocess.run([sys.executable, __file__, "--step", name, "--folder", folder],
                                 capture_output=True, text=True, check=True).stdout
            seconds.append(float(out.split()[-1]))
    return {name: min(t) for name, t in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5,
                        help="best of this many rounds (each round runs a, a' and b in turn)")
    parser.add_argument("--step", choices=("a", "b"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)  # with --step: time it once here
    args = parser.parse_args()

    key = load_key(ROOT / "answer_keys" / "kn23.yaml")
    if args.step:
        paths = sorted(Path(args.folder).glob("*.json"))
        with collector_paused():
            t0 = time.perf_counter()
            steps(key, paths)[args.step]()
            print(f"{time.perf_counter() - t0:.4f}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        paths = write_class(key, Path(tmp), args.count)
        print(f"wrote {len(paths):,} submissions in {time.perf_counter() - t0:.1f} s")
        timed = steps(key, paths)
        with collector_paused():
            best, outs = best_of_rounds(args.runs, timed)
        ta, ta2, tb, raw, results = best["a"], best["a'"], best["b"], outs["a"], outs["b"]
        del outs["a'"]
        best, _ = best_of_rounds(args.runs, {"a": timed["a"], "b": timed["b"]})
        ta_gc, tb_gc = best["a"], best["b"]
        fresh = in_fresh_processes(max(3, args.runs // 2), tmp)

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
        best, _ = best_of_rounds(1, {"c": lambda: Evaluator(trues, preds, tags=tags).evaluate()})
        tc = best["c"]

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
    print(f"      each in a new process (as one grading run): a {fresh['a']:.2f} s, "
          f"b {fresh['b']:.2f} s, b/a = {fresh['b'] / fresh['a']:.2f}")
    print(f"      with the garbage collector running: a {ta_gc:.2f} s, b {tb_gc:.2f} s, "
          f"b/a = {tb_gc / ta_gc:.2f}")
    if tc is not None:
        print(f"b/c = {tb / tc:.2f}  (goal: below 1, faster than nervaluate)")


if __name__ == "__main__":
    main()
