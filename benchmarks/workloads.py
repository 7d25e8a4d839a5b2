"""One workload on one engine, in this process; prints one JSON line.

    python benchmarks/workloads.py ENGINE WORKLOAD [--data FILE] [--warmup N] [--steps N]
                                   [--mode eager|compiled] [--n N]

ENGINE is `micrograd` or `microgradkr`; WORKLOAD is one of WORKLOADS below
(bench.py says what each measures).  The code of each workload is written
once, the way a user of either engine writes it; only the imports differ, and
only microgradkr's public API is used (Value, MLP, compile), so the same file
times any commit of microgradkr (compare.py puts an old tree first on the path).

Training workloads time each step with the wall clock (what a learner waits
for) and the CPU clock (what the process itself spent: their gap is other
programs on the machine), with the garbage collector on as the user has it.
`--warmup` steps run first and are not timed; the JSON holds every timed
step, and bench.py takes the median.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
import tracemalloc


def load_engine(name: str):
    """(Value, MLP) of the engine `name`, through its public names."""
    if name == "micrograd":
        from micrograd.engine import Value
        from micrograd.nn import MLP
    elif name == "microgradkr":
        from microgradkr import MLP, Value
    else:
        raise SystemExit(f"unknown engine {name!r}")
    return Value, MLP


# ------------------------------------------------------------------ timing

class FullCollections:
    """Counts the garbage collector's full (oldest generation) passes, which
    walk every live object: whether one falls inside a step moves its time."""

    def __init__(self):
        self.count = 0
        gc.callbacks.append(self._seen)

    def _seen(self, phase, info):
        if phase == "start" and info["generation"] == 2:
            self.count += 1


def time_steps(step, warmup: int, steps: int) -> dict:
    """Run step(k) `warmup` times untimed, then `steps` times timed.

    k counts on across the warm-up, so the learning-rate schedule is the
    same whatever the warm-up."""
    collections = FullCollections()
    for k in range(warmup):
        step(k)
    wall, cpu, full, losses = [], [], [], []
    for k in range(warmup, warmup + steps):
        before = collections.count
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        loss = step(k)
        cpu.append(time.process_time() - cpu_start)
        wall.append(time.perf_counter() - wall_start)
        full.append(collections.count - before)
        losses.append(loss)
    return {"wall_seconds": wall, "cpu_seconds": cpu, "full_collections": full,
            "losses": losses, "warmup": warmup}


# ------------------------------------------------------------------ W1, W5 and the training rows

def demo_loss(Value, model, X, y):
    """micrograd's demo loss, as its README and notebook write it."""
    inputs = [list(map(Value, xrow)) for xrow in X]
    scores = list(map(model, inputs))
    losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    alpha = 1e-4
    reg_loss = alpha * sum((p * p for p in model.parameters()))
    total_loss = data_loss + reg_loss
    accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(y, scores)]
    return total_loss, sum(accuracy) / len(accuracy)


def sgd(model, k):
    """micrograd's demo update: a learning rate falling from 1.0 over 100 steps."""
    learning_rate = 1.0 - 0.9 * k / 100
    for p in model.parameters():
        p.data -= learning_rate * p.grad


def demo_step(Value, model, X, y, k):
    """One training step of micrograd's demo: forward, backward, SGD."""
    total_loss, accuracy = demo_loss(Value, model, X, y)
    model.zero_grad()
    total_loss.backward()
    sgd(model, k)
    return total_loss.data, accuracy


def eager_step(Value, model, X, y, setup):
    """step(k) as the demo writes it: the graph recorded anew every step."""
    return lambda k: demo_step(Value, model, X, y, k)[0]


def compiled_step(Value, model, X, y, setup):
    """step(k) through microgradkr.compile: the demo loss traced once with the
    parameters as inputs, then one generated function per step."""
    import microgradkr
    start = time.perf_counter()
    compiled = microgradkr.compile(lambda _: demo_loss(Value, model, X, y)[0], model.parameters())
    setup["compile_seconds"] = time.perf_counter() - start
    setup["source_lines"] = compiled.source.count("\n")

    def step(k):
        model.zero_grad()
        loss = compiled.backward()
        sgd(model, k)
        return loss
    return step


#: how a training step is run: mode name -> maker of step(k).
#: W1 batched goes here: one entry, e.g. "batched": a maker calling
#: microgradkr.compile(..., batch=True) like compiled_step, then a row in
#: bench.py's MAIN_ROWS / SCALING and nothing else.
STEP_MAKERS = {"eager": eager_step, "compiled": compiled_step}


def same_start(model, weights):
    """Give `model` the shared starting weights, so both engines run the same numbers."""
    parameters = model.parameters()
    if len(parameters) != len(weights):
        raise SystemExit(f"the data file has {len(weights)} weights for {len(parameters)} parameters")
    for p, w in zip(parameters, weights):
        p.data = w


def train(Value, MLP, data: dict, mode: str, warmup: int, steps: int) -> dict:
    """The demo's steps from the shared start, for an MLP(2, [width, width, 1])."""
    width = data["width"]
    model = MLP(2, [width, width, 1])
    same_start(model, data["weights"])
    setup = {}
    step = STEP_MAKERS[mode](Value, model, data["X"], data["y"], setup)
    return {**time_steps(step, warmup, steps), **setup, "points": len(data["X"]), "width": width,
            "peak_rss_mb": peak_rss_mb()}


def peak_rss_mb() -> float:
    """The most memory this process has held (Linux and macOS; 0.0 where unknown)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (2 ** 20 if sys.platform == "darwin" else 2 ** 10)  # bytes on macOS, KiB on Linux


def micrograd_nn_over(engine: str):
    """micrograd's own nn.py (Neuron = sum of wi*xi plus b, then relu) over `engine`'s Value.

    For microgradkr, micrograd's engine module is given our Value before its nn
    module is imported, so nn.py's code runs unchanged on it (this process only).
    """
    import micrograd.engine
    if engine == "microgradkr":
        from microgradkr import Value
        micrograd.engine.Value = Value
    elif engine != "micrograd":
        raise SystemExit(f"unknown engine {engine!r}")
    import micrograd.nn
    return micrograd.engine.Value, micrograd.nn.MLP


def w1(engine: str, data: dict, warmup: int = 1, steps: int = 3, mode: str = "eager") -> dict:
    """W1: micrograd's demo step, the network being the engine's own MLP."""
    return train(*load_engine(engine), data, mode, warmup, steps)


def w1_compiled(engine: str, data: dict, warmup: int = 1, steps: int = 3) -> dict:
    """W1c: W1 trained through microgradkr.compile (microgradkr only)."""
    if engine != "microgradkr":
        raise SystemExit("W1c is microgradkr's compile: run it with ENGINE microgradkr")
    return w1(engine, data, warmup, steps, mode="compiled")


def w5(engine: str, data: dict, warmup: int = 1, steps: int = 3) -> dict:
    """W5: W1's step, with the network written as micrograd's nn.py writes it: one node per scalar op."""
    return train(*micrograd_nn_over(engine), data, "eager", warmup, steps)


# ------------------------------------------------------------------ W2, W3, W4: chains

def chain(Value, x, n: int):
    """n mixed ops in a chain (mul, add, relu, pow), numbers kept near 1."""
    for i in range(n // 4):
        x = x * 0.99
        x = x + 0.02
        x = x.relu()
        x = x ** 1.0
    return x


#: ops in the untimed chain that W2 runs first (the ops' first calls, caches)
CHAIN_WARMUP = 1_000


def w2(engine: str, n: int = 100_000) -> dict:
    """ns per op of an n-op chain, forward and backward (after a short untimed chain)."""
    Value, _ = load_engine(engine)
    if engine == "micrograd":  # its backward recurses once per node
        sys.setrecursionlimit(10 * n + 1000)
    chain(Value, Value(0.5), CHAIN_WARMUP).backward()
    x = Value(0.5)
    start = time.perf_counter()
    out = chain(Value, x, n)
    forward = time.perf_counter() - start
    start = time.perf_counter()
    out.backward()
    backward = time.perf_counter() - start
    return {"forward_ns_per_op": forward / n * 1e9, "backward_ns_per_op": backward / n * 1e9,
            "grad": x.grad, "n": n, "warmup_ops": CHAIN_WARMUP}


def count_nodes(root) -> int:
    """Distinct Values in the graph, for either engine (iteratively)."""
    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.extend(getattr(node, "_prev", None) or getattr(node, "children", ()))
    return len(seen)


def w3(engine: str, n: int = 100_000) -> dict:
    """Bytes per graph node of an n-op chain (tracemalloc)."""
    Value, _ = load_engine(engine)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    out = chain(Value, Value(0.5), n)
    used = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    nodes = count_nodes(out)
    return {"bytes_per_node": used / nodes, "nodes": nodes}


def w4(engine: str) -> dict:
    """The deepest chain that backpropagates, under the default recursion limit."""
    Value, _ = load_engine(engine)
    deepest = 0
    for depth in (100, 300, 1_000, 3_000, 10_000, 100_000, 1_000_000):
        x = Value(1.0)
        out = x
        for _ in range(depth):
            out = out * 1.0
        try:
            out.backward()
        except RecursionError:
            break
        if x.grad != 1.0:
            break
        deepest = depth
        del out, x
    return {"deepest": deepest, "recursion_limit": sys.getrecursionlimit()}


def import_time(engine: str) -> dict:
    """Seconds to import the package, in a process that has not imported it yet."""
    module = {"micrograd": "micrograd.engine", "microgradkr": "microgradkr"}[engine]
    if module.split(".")[0] in sys.modules:
        raise SystemExit(f"{module} is already imported: time it in a fresh process")
    start, cpu_start = time.perf_counter(), time.process_time()
    __import__(module)
    return {"import_seconds": time.perf_counter() - start, "import_cpu_seconds": time.process_time() - cpu_start}


# ------------------------------------------------------------------ the command line

WORKLOADS = {
    "W1": lambda a, data: w1(a.engine, data, a.warmup, a.steps, a.mode),
    "W1c": lambda a, data: w1_compiled(a.engine, data, a.warmup, a.steps),
    "W5": lambda a, data: w5(a.engine, data, a.warmup, a.steps),
    "W2": lambda a, data: w2(a.engine, a.n or 100_000),
    "W3": lambda a, data: w3(a.engine, a.n or 100_000),
    "W4": lambda a, data: w4(a.engine),
    "import": lambda a, data: import_time(a.engine),
}


def where_from(engine: str) -> str:
    """The file the engine was imported from (compare.py checks it is the tree it asked for)."""
    module = sys.modules.get({"micrograd": "micrograd", "microgradkr": "microgradkr"}[engine])
    return getattr(module, "__file__", "") or ""


def main(argv) -> None:
    parser = argparse.ArgumentParser(description="one benchmark workload, one JSON line")
    parser.add_argument("engine")
    parser.add_argument("workload", choices=sorted(WORKLOADS))
    parser.add_argument("--data", help="JSON file from bench.demo_data (training workloads)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed steps first")
    parser.add_argument("--steps", type=int, default=3, help="timed steps")
    parser.add_argument("--mode", choices=sorted(STEP_MAKERS), default="eager", help="W1's step")
    parser.add_argument("--n", type=int, help="ops in W2's and W3's chain")
    args = parser.parse_args(argv)
    data = None
    if args.data:
        with open(args.data, encoding="utf-8") as f:
            data = json.load(f)
    result = WORKLOADS[args.workload](args, data)
    print(json.dumps({"engine": args.engine, "workload": args.workload,
                      "imported_from": where_from(args.engine), **result}))


if __name__ == "__main__":
    main(sys.argv[1:])
