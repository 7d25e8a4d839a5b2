"""The benchmark's workloads run and compute the right things (their timing is the script's job)."""

import importlib.util
import random
from pathlib import Path

import microgradkr as mg

_spec = importlib.util.spec_from_file_location(
    "workloads", Path(__file__).resolve().parent.parent / "benchmarks" / "workloads.py")
workloads = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(workloads)


def _small_data():
    X, y = mg.data.moons(20, noise=0.1, seed=5, signed=True)
    rng = random.Random(5)
    return {"X": X, "y": y, "weights": [rng.uniform(-1, 1) for _ in range(337)]}


def test_w1_eager_and_compiled_train_to_the_same_losses():
    data = _small_data()
    eager = workloads.w1("microgradkr", data, steps=2)
    compiled = workloads.w1_compiled("microgradkr", data, steps=2)
    assert eager["losses"] == compiled["losses"]
    assert eager["losses"][1] < eager["losses"][0]
    assert compiled["source_lines"] > 1000


def test_w2_w3_w4_on_small_chains():
    assert workloads.w2("microgradkr", n=2000)["grad"] > 0
    w3 = workloads.w3("microgradkr", n=2000)
    assert w3["nodes"] == 3001 and 0 < w3["bytes_per_node"] < 400
    assert workloads.count_nodes(workloads.chain(mg.Value, mg.Value(0.5), 40)) == 61


def test_w5_runs_micrograds_own_nn_over_our_value(tmp_path):
    """W5: micrograd's nn.py, unchanged, over microgradkr's Value (each in its own process,
    since the workload hands micrograd's engine module our Value)."""
    import json
    import subprocess
    import sys

    import pytest

    pytest.importorskip("micrograd", reason="pip install micrograd (the bench extra)")
    data_file = tmp_path / "data.json"
    data_file.write_text(json.dumps(_small_data()), encoding="utf-8")
    script = Path(__file__).resolve().parent.parent / "benchmarks" / "workloads.py"
    losses = {}
    for engine in ("micrograd", "microgradkr"):
        done = subprocess.run([sys.executable, str(script), engine, "W5", "--data", str(data_file)],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        losses[engine] = json.loads(done.stdout.strip().splitlines()[-1])["losses"]
    # the same code and numbers on both engines: equal up to the order micrograd adds gradients in
    assert losses["microgradkr"] == pytest.approx(losses["micrograd"], rel=1e-12)
    assert losses["microgradkr"][-1] < losses["microgradkr"][0]
