"""microgradkr against micrograd, in one run: medians, ratios and a README table.

    pip install '.[bench]'
    python benchmarks/bench.py [--rounds 5] [--markdown FILE]

Workloads (benchmarks/workloads.py):
  W1   micrograd's demo step: MLP(2, [16, 16, 1]) on 100 two-moons points, hinge
       loss + 1e-4·L2, forward + backward + SGD, written as its users write it,
       garbage collector on.  Both engines start from the same weights.
  W1c  the same step trained through microgradkr.compile (microgradkr only;
       its ratio is against micrograd's W1).
  W2   a chain of 100,000 mixed ops (mul, add, relu, pow): ns per op forward
       and backward (micrograd needs its recursion limit raised for this).
  W3   bytes per graph node of that 100,000-op graph (tracemalloc).
  W4   the deepest chain that backpropagates under the default recursion limit.
  W5   W1's step with micrograd's own nn.py (one node per scalar op, as learners
       write a network) running over each engine's Value.

Every (engine, workload) runs in a fresh process; the engines alternate, and
their order flips each round, so neither gets a warmer machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENGINES = ("micrograd", "microgradkr")


def demo_data(seed: int = 1) -> dict:
    """100 two-moons points with labels ±1 and one set of starting weights."""
    from microgradkr.data import moons
    X, y = moons(100, noise=0.1, seed=seed)
    rng = random.Random(seed)
    n_params = (2 + 1) * 16 + (16 + 1) * 16 + (16 + 1) * 1
    return {"X": [list(map(float, row)) for row in X], "y": [1.0 if t > 0 else -1.0 for t in y],
            "weights": [rng.uniform(-1, 1) for _ in range(n_params)]}


def run_worker(engine: str, workload: str, data_file: str) -> dict:
    command = [sys.executable, str(HERE / "workloads.py"), engine, workload, "--data", data_file]
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f"{engine} {workload} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# what to report for each workload: (key in the worker's JSON, unit, scale, better)
METRICS = {
    "W1": [("seconds_per_step", "ms per step", 1e3, "lower")],
    "W2": [("forward_ns_per_op", "forward ns per op", 1.0, "lower"),
           ("backward_ns_per_op", "backward ns per op", 1.0, "lower")],
    "W3": [("bytes_per_node", "bytes per node", 1.0, "lower")],
    "W4": [("deepest", "deepest chain", 1.0, "higher")],
    "W5": [("seconds_per_step", "ms per step", 1e3, "lower")],
}


def collect(rounds: int, workloads) -> dict:
    """results[workload][engine] -> list of worker outputs, one per round."""
    results = {w: {e: [] for e in ENGINES} for w in workloads}
    with tempfile.TemporaryDirectory() as folder:
        data_file = os.path.join(folder, "data.json")
        with open(data_file, "w", encoding="utf-8") as f:
            json.dump(demo_data(), f)
        for r in range(rounds):
            for workload in workloads:
                engines = ENGINES if r % 2 == 0 else ENGINES[::-1]
                if workload == "W1c":
                    engines = ("microgradkr",)
                for engine in engines:
                    out = run_worker(engine, workload, data_file)
                    results[workload][engine].append(out)
                    print(f"  round {r + 1}/{rounds} {workload:4} {engine:12} "
                          + " ".join(f"{k}={v:.4g}" for k, v in out.items() if isinstance(v, float)),
                          file=sys.stderr, flush=True)
    return results


def median(outputs, key):
    return statistics.median(o[key] for o in outputs)


def _number(x: float) -> str:
    return f"{x:,.0f}" if x == int(x) else f"{x:,.1f}"


#: the table's rows: what learners run first (W1, and W5 beside it), then the engine's own measures
ROW_ORDER = ("W1", "W5", "W1c", "W2", "W3", "W4")


def table(results: dict) -> str:
    rows = {w: [] for w in ROW_ORDER}
    for workload, metrics in METRICS.items():
        if workload not in results:
            continue
        for key, unit, scale, better in metrics:
            theirs = median(results[workload]["micrograd"], key)
            ours = median(results[workload]["microgradkr"], key)
            ratio = theirs / ours if better == "lower" else ours / theirs
            word = "x faster" if "ns" in unit or "ms" in unit else ("x smaller" if "bytes" in unit else "x deeper")
            rows[workload].append(f"| {workload} | {unit} | {_number(theirs * scale)} | {_number(ours * scale)} | "
                                  f"{ratio:,.1f}{word} |")
    if "W1c" in results and "W1" in results:  # against micrograd's W1: micrograd has no compile
        theirs = median(results["W1"]["micrograd"], "seconds_per_step")
        ours = median(results["W1c"]["microgradkr"], "seconds_per_step")
        rows["W1c"].append(f"| W1 compiled | ms per step | {theirs * 1e3:,.1f} | {ours * 1e3:,.1f} | "
                           f"{theirs / ours:,.1f}x faster |")
    return "\n".join(["| workload | measure | micrograd | microgradkr | micrograd / microgradkr |",
                      "| --- | --- | ---: | ---: | ---: |"] + [row for w in ROW_ORDER for row in rows[w]])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workloads", default="W1,W1c,W5,W2,W3,W4")
    parser.add_argument("--markdown", help="also write the table to this file")
    args = parser.parse_args(argv)
    workloads = [w.strip() for w in args.workloads.split(",") if w.strip()]
    unknown = set(workloads) - set(METRICS) - {"W1c"}
    if unknown:
        parser.error(f"unknown workloads: {', '.join(sorted(unknown))}")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {args.rounds} rounds", file=sys.stderr)
    results = collect(args.rounds, workloads)
    for workload in ("W1", "W1c", "W5"):
        for engine, outputs in results.get(workload, {}).items():
            if outputs:
                print(f"{workload} {engine} losses (first round): "
                      + ", ".join(f"{x:.6f}" for x in outputs[0]["losses"]))
    markdown = table(results)
    print(markdown)
    if args.markdown:
        Path(args.markdown).write_text(markdown + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
