"""Issue 14's table: every program on the same realistic JSON Lines file, in one run, each the
best of RUNS wall-clock times, with its peak memory; ratios against the validator's
`--format json`. Builds what it needs; ajv and Python's jsonschema run when installed.

    python3 benches/compare.py [--bytes N] [--seed S] [--runs R] [--python-bytes N]

Writes the corpus with `cargo run --release --example corpus -- realistic BYTES SEED`.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))


def run(command, runs):
    """Best wall time (s) and peak RSS (MiB) of `command` over `runs` runs."""
    best, peak = None, 0
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%M"] + command,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - start
        if done.returncode not in (0, 1):
            sys.exit(f"{' '.join(command)}: exit {done.returncode}: {done.stderr[-500:]}")
        peak = max(peak, int(done.stderr.strip().splitlines()[-1]) / 1024)
        best = elapsed if best is None else min(best, elapsed)
    return best, peak


def corpus(bytes_, seed, kind):
    """The corpus file: `realistic` (issue 14's archive) or `quiet` (the older corpus, whose
    records print almost nothing)."""
    path = f"/tmp/{kind}-{seed}-{bytes_}.jsonl"
    if not os.path.exists(path):
        args = ["realistic", str(bytes_), str(seed)] if kind == "realistic" else ["jsonl", str(bytes_)]
        with open(path, "wb") as out:
            subprocess.run([os.path.join(TARGET, "release", "examples", "corpus")] + args,
                           stdout=out, check=True)
    return path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bytes", type=int, default=100 << 20)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--python-bytes", type=int, default=4 << 20)
    parser.add_argument("--corpus", choices=["realistic", "quiet"], default="realistic")
    args = parser.parse_args()
    # The tool as `cargo install --features cli` builds it: alone, so that neither the
    # generator (a workspace member) nor the dev-dependencies the examples need turn on
    # serde_json's `preserve_order` in it.
    subprocess.run(["cargo", "build", "-p", "anthropic-completions", "--release", "-q",
                    "--features", "cli", "--bin", "anthropic-completions"],
                   cwd=ROOT, check=True)
    subprocess.run(["cargo", "build", "-p", "anthropic-completions", "--release", "-q",
                    "--example", "corpus", "--example", "judges"], cwd=ROOT, check=True)
    path = corpus(args.bytes, args.seed, args.corpus)
    size = os.path.getsize(path)
    tool = os.path.join(TARGET, "release", "anthropic-completions")
    judges = os.path.join(TARGET, "release", "examples", "judges")
    rows = [
        ("this validator, `--format json`, one thread (`-j 1`)", [tool, "validate", "--format", "json", "-j", "1", path], size),
        ("this validator, `--format json`, all cores (default)", [tool, "validate", "--format", "json", path], size),
        ("this validator, default human output", [tool, "validate", path], size),
        ("floor: `str::from_utf8` + `IgnoredAny` per line", [judges, "floor", path], size),
        ("`jsonschema` crate (`Value`, `is_valid`)", [judges, "jsonschema", path], size),
    ]
    ajv = os.environ.get("AJV_NODE_PATH")
    if ajv and shutil.which("node"):
        os.environ["NODE_PATH"] = ajv
        rows.append(("ajv 8 (node, compiled)", ["node", os.path.join(ROOT, "benches", "support", "ajv_judge.js"), path], size))
    try:
        import jsonschema  # noqa: F401
        small = corpus(args.python_bytes, args.seed, args.corpus)
        rows.append((f"Python `jsonschema` (on {args.python_bytes >> 20} MiB, scaled)",
                     [sys.executable, os.path.join(ROOT, "benches", "support", "python_jsonschema.py"), small],
                     os.path.getsize(small)))
    except ImportError:
        pass
    results = [(name, *run(command, args.runs), bytes_) for name, command, bytes_ in rows]
    base = results[0][1] / results[0][3]  # seconds per byte of the validator, --format json
    floor = results[3][1] / results[3][3]
    print(f"corpus: {path} ({size / 2**20:.0f} MiB, {args.corpus}, seed {args.seed}); best of {args.runs} runs\n")
    print("| program (same file) | time | MB/s | peak memory | speed vs this validator (one thread) | speed vs the floor |")
    print("|---|---|---|---|---|---|")
    for name, seconds, peak, bytes_ in results:
        per_byte = seconds / bytes_
        print(f"| {name} | {seconds:.3f} s | {bytes_ / seconds / 1e6:.0f} | {peak:.1f} MiB | {base / per_byte:.2f}× | {floor / per_byte:.2f}× |")


if __name__ == "__main__":
    main()
