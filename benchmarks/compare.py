"""Two commits of microgradkr side by side: W1, W5, W1 compiled and `import microgradkr`.

    python benchmarks/compare.py OLD NEW [--rounds 5] [--workloads W1,W5,W1c,import]
    python benchmarks/compare.py dd2f728 HEAD --rounds 5

Each commit's tree is taken out of git (`git archive`) into a temporary
folder, and every measurement runs in a fresh process with that tree first on
PYTHONPATH; the worker reports the file it imported, and a run that did not
import the tree it asked for stops the comparison.  The workloads are this
checkout's benchmarks/workloads.py for both commits (public API only: Value,
MLP, compile), so the two layouts may differ.  Old and new alternate, their
order flipped each round.  A row gives old and new as the median over the
rounds (min–max), and new/old as the median of the rounds' own ratios
(below 1 is faster).  The losses of both commits are compared too: the
numbers must not change when only the speed should.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench  # noqa: E402  (this folder's harness: data, workers, machine, spreads)

WORKLOADS = ("W1", "W5", "W1c", "import")
LABELS = {"W1": "W1", "W5": "W5", "W1c": "W1 compiled", "import": "import microgradkr"}


def git(*args: str) -> bytes:
    """git run at the top of this checkout (`git archive` in a subfolder takes only that folder)."""
    done = subprocess.run(["git", "-C", str(HERE.parent), *args], capture_output=True)
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)}: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def materialise(commit: str, folder: Path) -> Path:
    """The commit's files under `folder`; the directory that holds its microgradkr package."""
    tree = git("archive", "--format=tar", commit)
    with tarfile.open(fileobj=io.BytesIO(tree)) as archive:
        try:
            archive.extractall(folder, filter="data")  # Python 3.11.4+: nothing lands outside folder
        except TypeError:
            archive.extractall(folder)
    for root in (folder, folder / "src"):
        if (root / "microgradkr" / "__init__.py").is_file():
            return root
    raise SystemExit(f"{commit} has no microgradkr/__init__.py (nor src/microgradkr)")


def environment(root: Path) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(root)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env.pop("PYTHONSTARTUP", None)
    return env


def measure(workload: str, root: Path, options: list[str], import_samples: int = 3) -> dict:
    """One round's measure of `workload` on the tree at `root` (ms), and the run's losses."""
    env = environment(root)
    if workload == "import":
        samples = [bench.run_worker("microgradkr", "import", env=env) for _ in range(import_samples)]
        check_tree(samples[0], root)
        key = "import_cpu_seconds" if bench.CLOCK["name"] == "cpu" else "import_seconds"
        return {"ms": statistics.median(s[key] for s in samples) * 1e3, "losses": None}
    out = bench.run_worker("microgradkr", workload, *options, env=env)
    check_tree(out, root)
    return {"ms": bench.step_ms(out), "losses": out["losses"], "cpu_wall": bench.busy_share([out])}


def check_tree(out: dict, root: Path) -> None:
    imported = Path(out["imported_from"]).resolve()
    if root.resolve() not in imported.parents:
        raise SystemExit(f"the worker imported {imported}, not the tree at {root}")


def table(old: str, new: str, results: dict) -> str:
    lines = [f"| workload | measure | {old} | {new} | new / old |", "| --- | --- | ---: | ---: | ---: |"]
    for workload, runs in results.items():
        olds, news = [r["ms"] for r in runs["old"]], [r["ms"] for r in runs["new"]]
        ratios = [n / o for o, n in zip(olds, news)]
        measure = "ms" if workload == "import" else "ms per step"
        lines.append(f"| {LABELS[workload]} | {measure} | {bench.spread(olds)} | {bench.spread(news)} | "
                     f"{bench.spread(ratios)} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", help="a commit (hash, tag, HEAD~3...)")
    parser.add_argument("new", help="a commit")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--warmup", type=int, default=1, help="untimed steps per process (default 1)")
    parser.add_argument("--steps", type=int, default=3, help="timed steps per process (default 3)")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="read steps and imports with the wall clock (default) or the process's CPU time")
    parser.add_argument("--import-samples", type=int, default=3,
                        help="fresh processes per round timing the import; their median is the round's")
    parser.add_argument("--points", type=int, default=100, help="two-moons points (default 100)")
    args = parser.parse_args(argv)
    workloads = [w.strip() for w in args.workloads.split(",") if w.strip()]
    unknown = set(workloads) - set(WORKLOADS)
    if unknown:
        parser.error(f"unknown workloads: {', '.join(sorted(unknown))}")
    bench.CLOCK["name"] = args.clock
    names = {"old": args.old, "new": args.new}
    hashes = {side: git("rev-parse", "--short", f"{commit}^{{commit}}").decode().strip()
              for side, commit in names.items()}
    bench.progress(f"machine: {bench.machine()}; {bench.load()}")
    bench.progress(f"old {args.old} = {hashes['old']}, new {args.new} = {hashes['new']}, {args.rounds} rounds")

    results = {w: {"old": [], "new": []} for w in workloads}
    with tempfile.TemporaryDirectory() as folder:
        roots = {side: materialise(hashes[side], Path(folder) / side) for side in names}
        data = bench.write_data(folder, "demo", points=args.points)
        options = ["--data", data, "--warmup", str(args.warmup), "--steps", str(args.steps)]
        for r in range(args.rounds):
            for workload in workloads:
                for side in (("old", "new") if r % 2 == 0 else ("new", "old")):
                    run = measure(workload, roots[side], options, args.import_samples)
                    results[workload][side].append(run)
                    bench.progress(f"  round {r + 1}/{args.rounds} {workload:6} {side} {hashes[side]}: "
                                   f"{run['ms']:.4g} ms")

    print(f"Machine: {bench.machine()}; {bench.load()}.")
    print(f"{args.rounds} rounds, old and new alternating, each in a fresh process; training: "
          f"{args.warmup} warm-up step{'s' if args.warmup != 1 else ''} untimed, then the median of {args.steps} timed steps ({args.clock} clock, "
          f"garbage collector on); import: the median of {args.import_samples} fresh processes. "
          "Cells: median over the rounds (min–max); new / old below 1 is faster.")
    print()
    print(table(f"old {hashes['old']}", f"new {hashes['new']}", results))
    for workload, runs in results.items():
        if workload != "import":
            same = runs["old"][0]["losses"] == runs["new"][0]["losses"]
            print(f"{workload} losses: {'the same in both commits' if same else 'DIFFERENT'} "
                  f"(old {runs['old'][0]['losses']}, new {runs['new'][0]['losses']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
