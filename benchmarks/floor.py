"""How fast W5 could be at all: the least a scalar engine with one Python object per op can do.

    python benchmarks/floor.py [--rounds 3] [--points 100]

W5 is micrograd's own nn.py (one node per scalar op) over an engine's Value.
Any engine that records the graph in Python makes one object per op in the
forward pass, visits every node in backward and frees every node after.
``Lean`` below is that and nothing more: no checks, no grad modes, no IEEE
care, no labels, four fields a node.  Its step splits into forward, walk
(the order backward takes), sweep (the chain rule over that order) and
free; forward + sweep + free, without even the walk, is a floor no such
engine can go under on this machine; with the collector off besides
("lean, collector off"), it is the floor of the floor.  Each engine runs in a fresh process,
the rounds alternate, and the ratios are micrograd's W5 step over each
(median of the rounds, min-max), CPU clock.  microgradkr's W5 is measured
in the same rounds, to set beside them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
_new = object.__new__


class Lean:
    """The least a recording Value can be: its number, its gradient, two operands and their local gradients."""

    __slots__ = ("data", "grad", "_a", "_b", "_da", "_db")

    def __init__(self, data, *_ignored):
        self.data, self.grad, self._a, self._b = data, 0.0, None, None

    def __add__(self, other):
        if other.__class__ is not Lean:
            other = Lean(other)
        node = _new(Lean)
        node.data, node.grad, node._a, node._b, node._da, node._db = self.data + other.data, 0.0, self, other, 1.0, 1.0
        return node

    def __mul__(self, other):
        if other.__class__ is not Lean:
            other = Lean(other)
        x, y = self.data, other.data
        node = _new(Lean)
        node.data, node.grad, node._a, node._b, node._da, node._db = x * y, 0.0, self, other, y, x
        return node

    __radd__, __rmul__ = __add__, __mul__

    def relu(self):
        x = self.data
        node = _new(Lean)
        node.data, node.grad, node._a, node._b, node._da = (x if x > 0 else 0.0), 0.0, self, None, float(x > 0)
        return node

    def order(self) -> list:
        """Every op node, each before its operands (an iterative depth-first walk with a set)."""
        order, seen, stack = [], set(), [(self, False)]
        while stack:
            node, done = stack.pop()
            if done:
                order.append(node)
            elif node._a is not None and node not in seen:
                seen.add(node)
                stack.append((node, True))
                if node._b is not None:
                    stack.append((node._b, False))
                stack.append((node._a, False))
        order.reverse()
        return order

    @staticmethod
    def sweep(order: list) -> None:
        """The chain rule over the order: each operand's grad += local gradient x the node's grad."""
        order[0].grad = 1.0
        for node in order:
            upstream = node.grad
            node._a.grad += node._da * upstream
            if node._b is not None:
                node._b.grad += node._db * upstream


def lean_step(model, X, y, k: int, times: dict) -> float:
    """W1's demo step (workloads.demo_loss) over Lean, each part timed on the CPU clock."""
    sys.path.insert(0, str(HERE))
    import workloads
    clock = time.process_time
    start = clock()
    total, _ = workloads.demo_loss(Lean, model, X, y)
    forward = clock()
    model.zero_grad()
    order = total.order()
    walk = clock()
    Lean.sweep(order)
    sweep = clock()
    workloads.sgd(model, k)
    loss = total.data
    del order, total
    free = clock()
    for part, seconds in (("forward", forward - start), ("walk", walk - forward), ("sweep", sweep - walk),
                          ("free", free - sweep)):
        times.setdefault(part, []).append(seconds)
    return loss


def worker(engine: str, data: dict, warmup: int, steps: int) -> dict:
    """One engine's W5 in this process: the median step, and for Lean its parts."""
    sys.path.insert(0, str(HERE))
    import workloads
    if not engine.startswith("lean"):
        result = workloads.w5(engine, data, warmup, steps)
        return {"step": statistics.median(result["cpu_seconds"]), "losses": result["losses"]}
    import micrograd.engine
    micrograd.engine.Value = Lean  # micrograd's nn.py, unchanged, over Lean (this process only)
    import micrograd.nn
    model = micrograd.nn.MLP(2, [16, 16, 1])
    workloads.same_start(model, data["weights"])
    if engine == "lean-off":
        import gc
        gc.disable()
    times, losses = {}, []
    for k in range(warmup + steps):
        losses.append(lean_step(model, data["X"], data["y"], k, times))
    parts = {part: statistics.median(seconds[warmup:]) for part, seconds in times.items()}
    return {"step": sum(parts.values()), "floor": parts["forward"] + parts["sweep"] + parts["free"],
            "parts": parts, "losses": losses[warmup:]}


def run(engine: str, data_file: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--worker", engine, "--data", data_file],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main(argv) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--points", type=int, default=100, help="two-moons points (default 100, as W5)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        with open(args.data, encoding="utf-8") as f:
            print(json.dumps(worker(args.worker, json.load(f), warmup=1, steps=3)))
        return
    import tempfile

    import bench
    engines = ["micrograd", "microgradkr", "lean", "lean-off"]
    with tempfile.TemporaryDirectory() as folder:
        data_file = bench.write_data(folder, "w5", points=args.points)
        rounds = []
        for r in range(args.rounds):
            results = {name: run(name, data_file) for name in (engines if r % 2 == 0 else engines[::-1])}
            if len({tuple(round(x, 6) for x in res["losses"]) for res in results.values()}) != 1:
                raise SystemExit(f"the engines' losses differ: {results}")
            rounds.append(results)
            print(f"  round {r + 1}/{args.rounds}: " + ", ".join(
                f"{name} {res['step'] * 1e3:.1f} ms" for name, res in results.items()), file=sys.stderr)

    def cell(values, scale=1e3, unit=" ms"):
        return f"{statistics.median(values) * scale:.1f}{unit} ({min(values) * scale:.1f}-{max(values) * scale:.1f})"

    micrograd = [r["micrograd"]["step"] for r in rounds]
    print(f"W5 ({args.points} points) per step, CPU clock, garbage collector on, median of {args.rounds} alternating rounds (min-max):")
    print(f"  {'micrograd':38s} {cell(micrograd)}")
    rows = (("microgradkr", "microgradkr", "step"), ("lean, whole step", "lean", "step"),
            ("lean, without its walk", "lean", "floor"), ("lean, collector off, whole step", "lean-off", "step"),
            ("lean, collector off, without its walk", "lean-off", "floor"))
    for name, engine, key in rows:
        mine = [r[engine][key] for r in rounds]
        ratios = [m / x for m, x in zip(micrograd, mine)]
        print(f"  {name:38s} {cell(mine):26s} micrograd / it: {cell(ratios, 1, 'x')}")
    for engine in ("lean", "lean-off"):
        parts = {part: [r[engine]["parts"][part] for r in rounds] for part in rounds[0][engine]["parts"]}
        print(f"  {engine}'s parts: " + ", ".join(f"{part} {cell(values)}" for part, values in parts.items()))


if __name__ == "__main__":
    main(sys.argv[1:])
