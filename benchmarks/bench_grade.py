"""Benchmark: grade 10,000 submission files end to end, outputs included.

The class is synthetic (benchmarks/synthetic.py): noisy copies of the kn23 key with missed
items, shifted boundaries, wrong labels and extra marks. About one file in ten is a
resubmission by a student already in the class, a few are byte-identical copies and a few are
broken. The figure to watch is the ratio to merely reading and parsing the same files.

Reading and grading run in turn, a few rounds in one process, and each one's best round counts
(as in bench_score.py): a slow spell of the machine then slows both alike.

    python3 benchmarks/bench_grade.py [--files 10000] [--runs 3] [--out DIR] [--keep]

Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sys
import time
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import noisy_marks

from annotator.collect import collect
from annotator.errors import AnnotatorError
from annotator.gradebook import grade, parse_candidate
from annotator.key import load_key
from annotator.reports import class_report, student_report_files
from annotator.submission import Submission

KEY = HERE.parent / "answer_keys" / "kn23.yaml"


def make_class(key, folder: Path, files: int, seed: int = 2026) -> None:
    """Write ``files`` submission files (plain writes: this is set-up, not the benchmark)."""
    rng = random.Random(seed)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    students = int(files * 0.9)
    for n in range(files):
        who = n if n < students else rng.randrange(students)
        sub = Submission(f"s-{who:05d}", key.sha256, student_name=f"Student {who}",
                         lesson="kn23-full", article_id=key.article_id,
                         saved_at=f"2026-11-{20 + (n >= students):02d}T{n % 24:02d}:00:00Z")
        sub = sub.with_marks(noisy_marks(key, rng), key.article)
        data = sub.to_dict()
        data["saved_at"] = f"2026-11-{20 + (n >= students):02d}T{n % 24:02d}:00:00Z"
        path = folder / f"{n // 1000:02d}" / f"f{n:05d}.json"
        path.parent.mkdir(exist_ok=True)
        if n % 500 == 7:
            path.write_text('{"format": "annotator.submission.v1", "student": ', "utf-8")
        else:
            path.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
        if n % 1000 == 11:  # a byte-identical copy
            shutil.copy(path, path.with_name(f"f{n:05d}-copy.json"))


def read_and_parse(folder: Path) -> int:
    parsed = 0
    for path in sorted(folder.rglob("*.json")):
        try:
            parse_candidate(path.read_bytes(), str(path))
            parsed += 1
        except AnnotatorError:
            continue  # broken files are part of the class
    return parsed


class Phases(NamedTuple):
    """One graded run's times, in seconds, and the files it found."""

    total: float
    cpu: float
    collect: float
    grade: float
    write: float
    write_kernel: float  # system time while writing
    found: int


def grade_end_to_end(folder: Path, key, out: Path) -> tuple[object, Phases]:
    """Grade the class into ``out``, timed: the gradebook, and its phases."""
    c0 = time.process_time()
    t0 = time.perf_counter()
    candidates = collect([folder])
    t1 = time.perf_counter()
    book = grade(candidates, key)
    t2 = time.perf_counter()
    s2 = os.times()
    book.write(out)
    s3 = os.times()
    t3 = time.perf_counter()
    return book, Phases(t3 - t0, time.process_time() - c0, t1 - t0, t2 - t1, t3 - t2,
                        s3.system - s2.system, len(candidates))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3,
                        help="best of this many rounds (each reads, then grades, in turn)")
    parser.add_argument("--keep", action="store_true", help="keep the class and the outputs")
    parser.add_argument("--out", type=Path, default=None,
                        help="write the grades here (default: beside the class, under "
                             "benchmarks/_work); a folder on tmpfs such as /dev/shm/grades "
                             "leaves the disk out of the figure")
    args = parser.parse_args()
    work = HERE / "_work" / "grade"
    folder, out = work / "class", args.out or work / "grades"
    key = load_key(KEY)
    t = time.perf_counter()
    make_class(key, folder, args.files)
    print(f"set-up: wrote {args.files:,} files in {time.perf_counter() - t:.1f} s")

    read_and_parse(folder)  # warm the page cache, as for the graded runs
    readings, grading = [], []
    for _ in range(max(1, args.runs)):
        book = None  # the last round's gradebook is not held while this one runs
        t, c = time.perf_counter(), time.process_time()
        parsed = read_and_parse(folder)
        readings.append((time.perf_counter() - t, time.process_time() - c))
        if out.exists():
            shutil.rmtree(out)
        book, phases = grade_end_to_end(folder, key, out)
        grading.append(phases)
    reading, reading_cpu = min(r[0] for r in readings), min(r[1] for r in readings)
    total, total_cpu, collected, graded_in, written_in, write_sys, found = \
        min(grading, key=lambda phases: phases.total)

    graded = book.graded
    book._report_pages.clear()  # the reports again from scratch, as write() built them
    t = time.perf_counter()
    for _ in student_report_files(book, graded):
        pass
    reports = time.perf_counter() - t
    t = time.perf_counter()
    class_report(book)
    klass = time.perf_counter() - t

    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if "model name" in line),
               platform.processor() or "unknown") if Path("/proc/cpuinfo").exists() else \
        platform.processor()
    print(f"machine: {cpu}; {os.cpu_count()} CPU(s) visible, benchmark uses one; "
          f"Python {platform.python_version()}")
    print(f"files: {found:,} found, {parsed:,} parse, {book.files_graded:,} graded "
          f"for {len(graded):,} students, {len(book.rejected):,} rejected or duplicate")
    print(f"read + parse only:        {reading:6.2f} s  ({found / reading:,.0f} files/s;"
          f" CPU {reading_cpu:.2f} s)")
    print(f"grade end to end:         {total:6.2f} s  ({found / total:,.0f} files/s;"
          f" CPU {total_cpu:.2f} s)")
    print(f"  collect (read files)    {collected:6.2f} s")
    print(f"  check + score + choose  {graded_in:6.2f} s")
    print(f"  write all outputs       {written_in:6.2f} s  (of which {write_sys:.2f} s in the "
          f"kernel: creating and filling files in {out.parent})")
    print(f"    of which student reports ~{reports:.2f} s, class report ~{klass:.2f} s")
    print(f"ratio to reading:         {total / reading:6.2f}x wall, {total_cpu / reading_cpu:.2f}x CPU"
          f"  (goal: under 10 s, within 5x; best of {len(grading)} rounds each)")
    sizes = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"outputs: {sizes / 1e6:.0f} MB in {out}")
    if not args.keep:
        shutil.rmtree(work)
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
