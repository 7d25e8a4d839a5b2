"""microgradkr against micrograd, in one run: medians with their spread, and a README table.

    pip install '.[bench]'
    python benchmarks/bench.py [--rounds 5] [--markdown FILE] [--scaling]

Workloads (benchmarks/workloads.py; benchmarks/README.md says more):
  W1   micrograd's demo step: MLP(2, [16, 16, 1]) on 100 two-moons points, hinge
       loss + 1e-4·L2, forward + backward + SGD, written as its users write it,
       garbage collector on.  Both engines start from the same weights.
  W5   W1's step with micrograd's own nn.py (one node per scalar op, as learners
       write a network) running over each engine's Value.
  W1c  the same step trained through microgradkr.compile (microgradkr only;
       its ratio is against micrograd's W1 of the same round).
  W2   a chain of 100,000 mixed ops (mul, add, relu, pow): ns per op forward
       and backward (micrograd needs its recursion limit raised for this).
  W3   bytes per graph node of that 100,000-op graph (tracemalloc).
  W4   the deepest chain that backpropagates under the default recursion limit.
With --scaling, a second table (microgradkr only) shows how cost grows with
the work: MLP width, batch size and chain length.

How it is measured, so the numbers are what a learner sees: every (engine,
workload) runs in a fresh process; in each process the warm-up steps run
untimed, then each timed step is measured with the wall clock and the
process's median step is its number.  A round runs every workload on both
engines, alternating, their order flipped each round.  The tables give the
median over the rounds with the smallest and largest round in brackets, never
the best case; a ratio is taken within each round (the engines measured side
by side) and its median and spread reported.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENGINES = ("micrograd", "microgradkr")
TRAINING = ("W1", "W1c", "W5")


# ------------------------------------------------------------------ inputs and workers

def demo_data(points: int = 100, width: int = 16, seed: int = 1) -> dict:
    """`points` two-moons points with labels ±1 and one set of starting weights
    for MLP(2, [width, width, 1])."""
    import microgradkr
    X, y = microgradkr.data.moons(points, noise=0.1, seed=seed)
    rng = random.Random(seed)
    n_params = (2 + 1) * width + (width + 1) * width + (width + 1) * 1
    return {"X": [list(map(float, row)) for row in X], "y": [1.0 if t > 0 else -1.0 for t in y],
            "weights": [rng.uniform(-1, 1) for _ in range(n_params)], "width": width}


def write_data(folder: str, name: str, **sizes) -> str:
    path = os.path.join(folder, f"{name}.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(demo_data(**sizes), f)
    return path


def run_worker(engine: str, workload: str, *options: str, env: dict | None = None,
               timeout: int = 1800) -> dict:
    """workloads.py in a fresh process; its JSON line."""
    command = [sys.executable, str(HERE / "workloads.py"), engine, workload, *options]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"{engine} {workload} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


#: which clock a training step is read with: "wall" (what a learner waits for,
#: the default) or "cpu" (this process's own time: steadier on a shared machine).
#: main() sets it from --clock; compare.py too.
CLOCK = {"name": "wall"}


def step_ms(output: dict) -> float:
    """A training process's number: its median timed step, in ms."""
    return statistics.median(output[f"{CLOCK['name']}_seconds"]) * 1e3


def busy_share(outputs) -> float:
    """Median CPU time / wall time of the timed steps: near 1.0 on a quiet
    machine; lower when other programs took the CPU while we waited."""
    shares = [c / w for o in outputs for c, w in zip(o.get("cpu_seconds", ()), o.get("wall_seconds", ()))
              if w > 0]
    return statistics.median(shares) if shares else 1.0


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def describe(output: dict) -> str:
    if "wall_seconds" in output:
        return (f"{step_ms(output):.4g} ms per step (cpu/wall {busy_share([output]):.2f}, "
                f"full collections {output['full_collections']})")
    return " ".join(f"{k}={v:.4g}" for k, v in output.items()
                    if isinstance(v, (int, float)) and not isinstance(v, bool))


# ------------------------------------------------------------------ the machine

def machine() -> str:
    """One line: cores, CPU model, Python, OS (what makes numbers differ between machines)."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            names = [line.split(":", 1)[1].strip() for line in f if line.startswith("model name")]
        model = names[0] if names else model
    except OSError:
        pass
    system = platform.platform(terse=True)
    try:
        with open("/etc/os-release", encoding="utf-8") as f:
            fields = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
        system = fields.get("PRETTY_NAME", system).strip('"') + f", {platform.system()} {platform.release()}"
    except OSError:
        pass
    return (f"{os.cpu_count()} cores, {model}, {platform.python_implementation()} "
            f"{platform.python_version()}, {system}")


def load() -> str:
    try:
        return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except OSError:
        return "load average unknown"


# ------------------------------------------------------------------ medians and spreads

def _number(x: float) -> str:
    if abs(x) >= 100 or x == int(x):
        return f"{x:,.0f}"
    return f"{x:,.1f}" if abs(x) >= 10 else f"{x:,.2f}"


def spread(values, unit: str = "") -> str:
    """'median (min–max)' of one measure over the rounds."""
    values = list(values)
    if not values:
        return "–"
    middle = statistics.median(values)
    if len(values) == 1:
        return f"{_number(middle)}{unit}"
    return f"{_number(middle)}{unit} ({_number(min(values))}–{_number(max(values))})"


# ------------------------------------------------------------------ the main table

#: one row: (label, measure, better, ours: (workload, value), theirs: (workload, value)).
#: The W1 batched row goes here once workloads.STEP_MAKERS has "batched":
#:   ("W1 batched", "ms per step", "lower", ("W1b", step_ms), ("W1", step_ms)),
#: with "W1b" in WORKLOAD_OPTIONS (["--mode", "batched"]) and microgradkr-only in ONLY_OURS.
MAIN_ROWS = [
    ("W1", "ms per step", "lower", ("W1", step_ms), ("W1", step_ms)),
    ("W5", "ms per step", "lower", ("W5", step_ms), ("W5", step_ms)),
    ("W1 compiled", "ms per step", "lower", ("W1c", step_ms), ("W1", step_ms)),
    ("W2", "forward ns per op", "lower", ("W2", lambda o: o["forward_ns_per_op"]),
     ("W2", lambda o: o["forward_ns_per_op"])),
    ("W2", "backward ns per op", "lower", ("W2", lambda o: o["backward_ns_per_op"]),
     ("W2", lambda o: o["backward_ns_per_op"])),
    ("W3", "bytes per node", "lower", ("W3", lambda o: o["bytes_per_node"]), ("W3", lambda o: o["bytes_per_node"])),
    ("W4", "deepest chain", "higher", ("W4", lambda o: o["deepest"]), ("W4", lambda o: o["deepest"])),
]
WORKLOADS = ("W1", "W5", "W1c", "W2", "W3", "W4")
ONLY_OURS = {"W1c"}  # micrograd has no compile


def collect(rounds: int, workloads, options: dict) -> dict:
    """results[workload][engine] -> one worker output per round, engines alternating."""
    results = {w: {e: [] for e in ENGINES} for w in workloads}
    for r in range(rounds):
        for workload in workloads:
            engines = ENGINES if r % 2 == 0 else ENGINES[::-1]
            for engine in engines:
                if workload in ONLY_OURS and engine != "microgradkr":
                    continue
                out = run_worker(engine, workload, *options.get(workload, ()))
                results[workload][engine].append(out)
                progress(f"  round {r + 1}/{rounds} {workload:4} {engine:12} {describe(out)}")
    return results


def main_table(results: dict) -> str:
    lines = ["| workload | measure | micrograd | microgradkr | micrograd / microgradkr |",
             "| --- | --- | ---: | ---: | ---: |"]
    for label, measure, better, (our_w, ours_of), (their_w, theirs_of) in MAIN_ROWS:
        if our_w not in results or their_w not in results:
            continue
        ours = [ours_of(o) for o in results[our_w]["microgradkr"]]
        theirs = [theirs_of(o) for o in results[their_w]["micrograd"]]
        ratios = [t / o if better == "lower" else o / t for o, t in zip(ours, theirs) if o and t]
        word = {"bytes per node": "smaller", "deepest chain": "deeper"}.get(measure, "faster")
        lines.append(f"| {label} | {measure} | {spread(theirs)} | {spread(ours)} | {spread(ratios, 'x')} {word} |")
    return "\n".join(lines)


# ------------------------------------------------------------------ the scaling table

#: a compiled width is skipped when its compile would take longer than this
#: (estimated from the widest one measured, as width squared).
COMPILE_BUDGET_SECONDS = 20.0


def scaling_runs(folder: str, widths, batches, chains, warmup: int, steps: int):
    """(row label, size, mode, engine options) for every scaling row, in order.

    A W1 batched row is one more mode in the width and batch loops
    ("batched", once workloads.STEP_MAKERS has it)."""
    runs = []
    for width in widths:
        data = write_data(folder, f"width{width}", width=width)
        for mode in ("eager", "compiled"):
            runs.append(("MLP width", width, mode,
                         ["--data", data, "--mode", mode, "--warmup", str(warmup), "--steps", str(steps)]))
    for points in batches:
        data = write_data(folder, f"batch{points}", points=points)
        runs.append(("batch size", points, "eager",
                     ["--data", data, "--mode", "eager", "--warmup", str(warmup), "--steps", str(steps)]))
    for n in chains:
        runs.append(("chain length", n, "chain", ["--n", str(n)]))
    return runs


def collect_scaling(rounds: int, runs) -> tuple[dict, dict]:
    """results[(label, size, mode)] -> one output per round; skipped[(label, size, mode)] -> why."""
    results, skipped = {}, {}
    widest = None  # (width, compile seconds) of the widest compile measured
    for r in range(rounds):
        for label, size, mode, options in runs:
            key = (label, size, mode)
            if key in skipped:
                continue
            if mode == "compiled" and widest and r == 0:
                estimate = widest[1] * (size / widest[0]) ** 2
                if estimate > COMPILE_BUDGET_SECONDS:
                    skipped[key] = (f"skipped: compile estimated at {estimate:.0f} s "
                                    f"(width {widest[0]}: {widest[1]:.1f} s, growing as width²)")
                    progress(f"  {label} {size} compiled {skipped[key]}")
                    continue
            workload = "W2" if mode == "chain" else "W1"
            out = run_worker("microgradkr", workload, *options)
            results.setdefault(key, []).append(out)
            if mode == "compiled":
                widest = max(widest or (0, 0.0), (size, out["compile_seconds"]))
            progress(f"  round {r + 1}/{rounds} {label} {size} {mode}: {describe(out)}")
    return results, skipped


def scaling_table(results: dict, skipped: dict) -> str:
    groups = {"MLP width": 0, "batch size": 1, "chain length": 2}
    rows = []  # (group, size, line)
    for (label, size, mode), why in skipped.items():
        rows.append((groups[label], size, f"| {label} | {size:,} | {mode} ms per step | – | {why} |"))
    for (label, size, mode), outputs in results.items():
        if mode == "chain":
            for key, what in (("forward_ns_per_op", "forward"), ("backward_ns_per_op", "backward")):
                rows.append((groups[label], size,
                             f"| {label} | {size:,} | {what} ns per op | {spread(o[key] for o in outputs)} | |"))
        elif label == "batch size":
            per_sample = [step_ms(o) * 1e3 / o["points"] for o in outputs]
            rows.append((groups[label], size, f"| {label} | {size:,} | {mode} µs per sample | {spread(per_sample)} | "
                                              f"{spread(step_ms(o) for o in outputs)} ms per step |"))
        else:
            note = ""
            if mode == "compiled":
                note = (f"compile {spread(o['compile_seconds'] for o in outputs)} s, "
                        f"{max(o['peak_rss_mb'] for o in outputs):,.0f} MB peak, "
                        f"{outputs[0]['source_lines']:,} lines")
            rows.append((groups[label], size,
                         f"| {label} | {size:,} | {mode} ms per step | {spread(step_ms(o) for o in outputs)} | {note} |"))
    rows.sort(key=lambda row: row[:2])  # stable: eager before compiled, forward before backward
    return "\n".join(["| grows with | size | measure | microgradkr | note |",
                      "| --- | ---: | --- | ---: | --- |"] + [line for _, _, line in rows])


# ------------------------------------------------------------------ the command line

def _sizes(text: str) -> list[int]:
    return [int(float(part)) for part in text.split(",") if part.strip()]


def how_measured(args) -> str:
    rounds = f"{args.rounds} round{'s' if args.rounds != 1 else ''}"
    return (f"{rounds}, engines alternating, each (engine, workload) in a fresh process; "
            f"training workloads: {args.warmup} warm-up step{'s' if args.warmup != 1 else ''} untimed, "
            f"then the median of {args.steps} timed steps ({args.clock} clock, garbage collector on); "
            f"chains: a {1000:,}-op chain untimed first. Cells: median over the rounds (min–max).")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--markdown", help="also write the tables, with the machine, to this file")
    parser.add_argument("--warmup", type=int, default=1, help="untimed training steps per process (default 1)")
    parser.add_argument("--steps", type=int, default=3, help="timed training steps per process (default 3)")
    parser.add_argument("--points", type=int, default=100, help="two-moons points in W1, W5, W1c (default 100)")
    parser.add_argument("--chain", type=int, default=100_000, help="ops in W2's and W3's chain (default 100,000)")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="read steps with the wall clock (default) or the process's CPU time")
    parser.add_argument("--scaling", action="store_true", help="also the scaling table (microgradkr only)")
    parser.add_argument("--widths", default="16,32,64,128", help="MLP widths of the scaling table")
    parser.add_argument("--batches", default="100,1000,10000", help="batch sizes of the scaling table")
    parser.add_argument("--chains", default="1e3,1e4,1e5,1e6", help="chain lengths of the scaling table")
    args = parser.parse_args(argv)
    workloads = [w.strip() for w in args.workloads.split(",") if w.strip()]
    unknown = set(workloads) - set(WORKLOADS)
    if unknown:
        parser.error(f"unknown workloads: {', '.join(sorted(unknown))}")
    if args.rounds < 1 or args.steps < 1 or args.warmup < 0:
        parser.error("--rounds and --steps must be at least 1, --warmup at least 0")

    CLOCK["name"] = args.clock
    the_machine = machine()
    progress(f"machine: {the_machine}; {load()}")
    progress(how_measured(args))
    with tempfile.TemporaryDirectory() as folder:
        data = write_data(folder, "demo", points=args.points)
        timing = ["--data", data, "--warmup", str(args.warmup), "--steps", str(args.steps)]
        options = {"W1": timing, "W5": timing, "W1c": timing, "W2": ["--n", str(args.chain)],
                   "W3": ["--n", str(args.chain)]}
        results = collect(args.rounds, workloads, options)
        scaling = None
        if args.scaling:
            runs = scaling_runs(folder, _sizes(args.widths), _sizes(args.batches), _sizes(args.chains),
                                args.warmup, args.steps)
            scaling = collect_scaling(args.rounds, runs)

    trained = [o for w in TRAINING if w in results for outs in results[w].values() for o in outs]
    share = busy_share(trained)
    busy = (f"CPU/wall {share:.2f} in the timed steps"
            + ("" if share > 0.9 else ": a busy machine, wall times include waiting for the CPU"))
    for workload in TRAINING:
        for engine, outputs in results.get(workload, {}).items():
            if outputs:
                print(f"{workload} {engine} losses (first round): "
                      + ", ".join(f"{x:.6f}" for x in outputs[0]["losses"]))
    parts = [f"Machine: {the_machine}. {busy}; {load()}.", "", how_measured(args), "", main_table(results)]
    if scaling is not None:
        parts += ["", "How cost grows with the work (microgradkr only; W1's step unless said):", "",
                  scaling_table(*scaling)]
    markdown = "\n".join(parts)
    print(markdown)
    if args.markdown:
        Path(args.markdown).write_text(markdown + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
