"""One workload on one engine, in this process; prints one JSON line.

    python benchmarks/workloads.py ENGINE WORKLOAD [--data FILE]

ENGINE is `micrograd` or `microgradkr`; WORKLOAD is W1, W1c, W2, W3, W4 or W5
(see bench.py).  The code of each workload is written once, the way a user of
either engine writes it; only the imports differ.  bench.py runs every
(engine, workload) pair in fresh processes, interleaved, several rounds.
"""

from __future__ import annotations

import gc
import json
import sys
import time
import tracemalloc


def load_engine(name: str):
    """(Value, MLP) of the engine `name`."""
    if name == "micrograd":
        from micrograd.engine import Value
        from micrograd.nn import MLP
    elif name == "microgradkr":
        from microgradkr import Value
        from microgradkr.nn import MLP
    else:
        raise SystemExit(f"unknown engine {name!r}")
    return Value, MLP


# ------------------------------------------------------------------ W1

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


def demo_step(Value, model, X, y, k):
    """One training step of micrograd's demo: forward, backward, SGD."""
    total_loss, accuracy = demo_loss(Value, model, X, y)
    model.zero_grad()
    total_loss.backward()
    learning_rate = 1.0 - 0.9 * k / 100
    for p in model.parameters():
        p.data -= learning_rate * p.grad
    return total_loss.data, accuracy


def same_start(model, weights):
    """Give `model` the shared starting weights, so both engines run the same numbers."""
    for p, w in zip(model.parameters(), weights):
        p.data = w


def w1(engine: str, data: dict, steps: int = 3) -> dict:
    return timed_steps(*load_engine(engine), data, steps)


def timed_steps(Value, MLP, data: dict, steps: int) -> dict:
    """The demo's steps from the shared start: the fastest step's time and every loss."""
    model = MLP(2, [16, 16, 1])
    same_start(model, data["weights"])
    X, y = data["X"], data["y"]
    demo_step(Value, model, X, y, 0)  # warm-up: imports, caches
    times, losses = [], []
    for k in range(1, steps + 1):
        start = time.perf_counter()
        loss, _ = demo_step(Value, model, X, y, k)
        times.append(time.perf_counter() - start)
        losses.append(loss)
    return {"seconds_per_step": min(times), "losses": losses}


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


def w5(engine: str, data: dict, steps: int = 3) -> dict:
    """W1's step, with the network written as micrograd's nn.py writes it: one node per scalar op."""
    return timed_steps(*micrograd_nn_over(engine), data, steps)


def w1_compiled(engine: str, data: dict, steps: int = 3) -> dict:
    """W1 trained through microgradkr.compile: the demo loss traced once with
    the model's parameters as inputs, then one generated function per step."""
    import microgradkr as mg
    Value, MLP = load_engine("microgradkr")
    model = MLP(2, [16, 16, 1])
    same_start(model, data["weights"])
    X, y = data["X"], data["y"]
    start = time.perf_counter()
    compiled = mg.compile(lambda _: demo_loss(Value, model, X, y)[0], model.parameters())
    compile_seconds = time.perf_counter() - start

    def step(k):
        model.zero_grad()
        loss = compiled.backward()
        learning_rate = 1.0 - 0.9 * k / 100
        for p in model.parameters():
            p.data -= learning_rate * p.grad
        return loss

    step(0)
    times, losses = [], []
    for k in range(1, steps + 1):
        start = time.perf_counter()
        losses.append(step(k))
        times.append(time.perf_counter() - start)
    return {"seconds_per_step": min(times), "losses": losses, "compile_seconds": compile_seconds,
            "source_lines": compiled.source.count("\n")}


# ------------------------------------------------------------------ W2, W3, W4

def chain(Value, x, n: int):
    """n mixed ops in a chain (mul, add, relu, pow), numbers kept near 1."""
    for i in range(n // 4):
        x = x * 0.99
        x = x + 0.02
        x = x.relu()
        x = x ** 1.0
    return x


def w2(engine: str, n: int = 100_000) -> dict:
    Value, _ = load_engine(engine)
    if engine == "micrograd":  # its backward recurses once per node
        sys.setrecursionlimit(10 * n + 1000)
    x = Value(0.5)
    start = time.perf_counter()
    out = chain(Value, x, n)
    forward = time.perf_counter() - start
    start = time.perf_counter()
    out.backward()
    backward = time.perf_counter() - start
    return {"forward_ns_per_op": forward / n * 1e9, "backward_ns_per_op": backward / n * 1e9,
            "grad": x.grad}


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


def main(argv) -> None:
    engine, workload = argv[0], argv[1]
    data = None
    if "--data" in argv:
        with open(argv[argv.index("--data") + 1], encoding="utf-8") as f:
            data = json.load(f)
    runners = {
        "W1": lambda: w1(engine, data),
        "W1c": lambda: w1_compiled(engine, data),
        "W2": lambda: w2(engine),
        "W3": lambda: w3(engine),
        "W4": lambda: w4(engine),
        "W5": lambda: w5(engine, data),
    }
    print(json.dumps({"engine": engine, "workload": workload, **runners[workload]()}))


if __name__ == "__main__":
    main(sys.argv[1:])
