"""Why a step's time moves: every step of W1 or W5 with its wall and CPU time and
the garbage collector's passes, under one garbage-collector setting.

    python benchmarks/probe_steps.py ENGINE WORKLOAD STEPS [SETTING]
    python benchmarks/probe_steps.py --summary [--rounds 3] [--steps 6]

SETTING is one of:
  on       the collector as Python starts it (what a learner has)
  collect  gc.collect() before each step (every step starts from the same collector state)
  off      gc.disable() (the step's own work, no collector)
  ballast  on, with a million small live objects first (a notebook that holds data)
Step 0 is timed too (nothing is discarded here): the first steps are part of
what this probe looks at.  --summary runs both engines and every setting in
fresh processes, alternating, and prints medians; benchmarks/README.md quotes it.
"""

from __future__ import annotations

import gc
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SETTINGS = ("on", "collect", "off", "ballast")


def probe(engine: str, workload: str, steps: int, setting: str, data: dict) -> list[dict]:
    sys.path.insert(0, str(HERE))
    import workloads
    Value, MLP = workloads.load_engine(engine) if workload == "W1" else workloads.micrograd_nn_over(engine)
    model = MLP(2, [16, 16, 1])
    workloads.same_start(model, data["weights"])
    passes = [0, 0, 0]
    gc.callbacks.append(lambda phase, info: phase == "start" and passes.__setitem__(
        info["generation"], passes[info["generation"]] + 1))
    ballast = [[i] for i in range(1_000_000)] if setting == "ballast" else None  # noqa: F841 (kept alive)
    if setting == "off":
        gc.disable()
    rows = []
    for k in range(steps):
        if setting == "collect":
            gc.collect()
        before = list(passes)
        wall, cpu = time.perf_counter(), time.process_time()
        workloads.demo_step(Value, model, data["X"], data["y"], k)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        rows.append({"wall_ms": wall * 1e3, "cpu_ms": cpu * 1e3,
                     "collections": [a - b for a, b in zip(passes, before)]})
    return rows


def summary(rounds: int, steps: int) -> None:
    sys.path.insert(0, str(HERE))
    import bench
    print(f"machine: {bench.machine()}; {bench.load()}")
    runs = {}
    with tempfile.TemporaryDirectory() as folder:
        data = bench.write_data(folder, "demo")
        for r in range(rounds):
            for workload in ("W1", "W5"):
                for setting in SETTINGS:
                    engines = bench.ENGINES if r % 2 == 0 else bench.ENGINES[::-1]
                    for engine in engines:
                        done = subprocess.run([sys.executable, __file__, engine, workload, str(steps), setting,
                                               "--data", data], capture_output=True, text=True, check=True)
                        runs.setdefault((workload, setting, engine), []).append(json.loads(done.stdout))
    print(f"{rounds} rounds, fresh processes; per cell the median over rounds of each step (CPU ms, wall ms)")
    for (workload, setting, engine), per_round in runs.items():
        def med(key, i):
            return statistics.median(run[i][key] for run in per_round)
        cpu = [f"{med('cpu_ms', i):.1f}" for i in range(steps)]
        later = [row for run in per_round for row in run[1:]]
        full = statistics.mean(row["collections"][2] for row in later)
        print(f"{workload} {setting:8} {engine:12} CPU by step {' '.join(cpu)} | steps 1+: CPU median "
              f"{statistics.median(r['cpu_ms'] for r in later):.1f} min {min(r['cpu_ms'] for r in later):.1f}, "
              f"wall median {statistics.median(r['wall_ms'] for r in later):.1f}, full passes per step {full:.2f}")


def main(argv) -> None:
    if argv and argv[0] == "--summary":
        rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 3
        steps = int(argv[argv.index("--steps") + 1]) if "--steps" in argv else 6
        summary(rounds, steps)
        return
    engine, workload, steps = argv[0], argv[1], int(argv[2])
    setting = argv[3] if len(argv) > 3 and not argv[3].startswith("--") else "on"
    if setting not in SETTINGS:
        raise SystemExit(f"SETTING is one of {', '.join(SETTINGS)}")
    with open(argv[argv.index("--data") + 1], encoding="utf-8") as f:
        data = json.load(f)
    print(json.dumps(probe(engine, workload, steps, setting, data)))


if __name__ == "__main__":
    main(sys.argv[1:])
