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
    return {"X": X, "y": y, "weights": [rng.uniform(-1, 1) for _ in range(337)], "width": 16}


def test_w1_eager_and_compiled_train_to_the_same_losses():
    data = _small_data()
    eager = workloads.w1("microgradkr", data, steps=2)
    compiled = workloads.w1_compiled("microgradkr", data, steps=2)
    assert eager["losses"] == compiled["losses"]
    assert eager["losses"][1] < eager["losses"][0]
    assert compiled["source_lines"] > 1000


def test_w1_batched_trains_to_the_losses_of_eager_w1():
    """W1b: one point's loss traced once, the batch run on numpy; the same losses up to rounding."""
    import pytest
    pytest.importorskip("numpy", reason="pip install 'microgradkr[batch]' (numpy)")
    data = _small_data()
    eager = workloads.w1("microgradkr", data, steps=3)
    batched = workloads.w1_batched("microgradkr", data, steps=3)
    assert batched["losses"] == pytest.approx(eager["losses"], rel=1e-12)
    assert batched["losses"][-1] < batched["losses"][0]
    assert batched["plan_steps"] < 20 and batched["compile_seconds"] > 0
    assert batched["compile_cpu_seconds"] > 0 and batched["numpy_import_seconds"] >= 0


def test_workers_run_numpys_blas_on_the_threads_asked():
    import sys
    sys.path.insert(0, str(_BENCHMARKS))
    import bench
    assert bench.worker_env({})["OPENBLAS_NUM_THREADS"] == "1"
    bench.BLAS["threads"] = None
    try:
        assert "OPENBLAS_NUM_THREADS" not in bench.worker_env({})
    finally:
        bench.BLAS["threads"] = 1


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


_BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _script(name, *args):
    import subprocess
    import sys
    done = subprocess.run([sys.executable, str(_BENCHMARKS / name), *args],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_workers_record_every_timed_step_after_the_warmup():
    out = workloads.w1("microgradkr", _small_data(), warmup=2, steps=3)
    assert out["warmup"] == 2 and len(out["wall_seconds"]) == len(out["cpu_seconds"]) == 3
    assert len(out["full_collections"]) == 3 and len(out["losses"]) == 3


def test_scaling_table_and_a_compile_over_budget_is_skipped(tmp_path):
    """--scaling at tiny sizes (microgradkr only); with a zero budget the second width's compile
    is skipped and the table says so."""
    import sys
    sys.path.insert(0, str(_BENCHMARKS))
    import bench
    bench.COMPILE_BUDGET_SECONDS = 0.0
    try:
        markdown = tmp_path / "table.md"
        bench.main(["--workloads", "W1c", "--rounds", "1", "--points", "6", "--steps", "1", "--scaling",
                    "--widths", "2,3", "--batches", "5", "--chains", "100", "--markdown", str(markdown)])
    finally:
        bench.COMPILE_BUDGET_SECONDS = 20.0
    text = markdown.read_text(encoding="utf-8")
    assert "Machine: " in text and "cores" in text and "1 warm-up step untimed" in text
    assert "| MLP width | 2 | compiled ms per step |" in text
    assert "| MLP width | 2 | batched ms per step |" in text and "numpy steps |" in text
    assert "| MLP width | 3 | batched ms per step |" in text  # the compile budget is compile()'s only
    assert "| batch size | 5 | batched µs per sample |" in text
    assert "| MLP width | 3 | compiled ms per step | – | skipped" in text
    assert "| batch size | 5 | eager µs per sample |" in text
    assert "| chain length | 100 | backward ns per op |" in text


def test_spread_is_the_median_with_min_and_max():
    import sys
    sys.path.insert(0, str(_BENCHMARKS))
    import bench
    assert bench.spread([3.0, 1.0, 2.0]) == "2 (1–3)"
    assert bench.spread([12.34]) == "12.3"


def test_main_table_against_micrograd(tmp_path):
    import pytest
    pytest.importorskip("micrograd", reason="pip install micrograd (the bench extra)")
    markdown = tmp_path / "table.md"
    _script("bench.py", "--workloads", "W1,W1c,W1b,W2", "--rounds", "1", "--points", "6", "--steps", "1",
            "--chain", "200", "--markdown", str(markdown))
    text = markdown.read_text(encoding="utf-8")
    for row in ("| W1 | ms per step |", "| W1 compiled | ms per step |", "| W1 batched | ms per step |",
                "| W2 | forward ns per op |"):
        assert row in text
    assert "W1 batched against W1 compiled, the same rounds:" in text and "by CPU time" in text
    assert "numpy's BLAS on 1 thread" in text


def test_floors_lean_engine_gets_microgradkrs_gradients():
    """floor.py's Lean is a lower bound only if it computes what an engine must: check it does."""
    import sys
    sys.path.insert(0, str(_BENCHMARKS))
    from floor import Lean
    rng = random.Random(3)
    for _ in range(20):
        numbers = [rng.uniform(-2, 2) for _ in range(3)]
        grads = []
        for V in (Lean, mg.Value):
            a, b, c = map(V, numbers)
            d = a * b + c
            e = (d * a).relu() + 2.0 * d + (b + 1.5).relu() * c
            if V is Lean:
                Lean.sweep(e.order())
            else:
                e.backward()
            grads.append([a.grad, b.grad, c.grad])
        assert grads[0] == grads[1]


def test_floor_table_against_micrograd():
    import pytest
    pytest.importorskip("micrograd", reason="pip install micrograd (the bench extra)")
    out = _script("floor.py", "--rounds", "1", "--points", "6")  # the script refuses losses that differ
    for row in ("micrograd ", "microgradkr ", "lean, without its walk", "lean, collector off, without its walk"):
        assert row in out
    assert "lean-off's parts: forward" in out


def test_compare_head_with_itself():
    out = _script("compare.py", "HEAD", "HEAD", "--rounds", "1", "--points", "6", "--steps", "1",
                  "--workloads", "W1,W1c,import", "--import-samples", "1")
    assert "| W1 | ms per step |" in out and "| import microgradkr | ms |" in out
    assert "W1 losses: the same in both commits" in out and "W1c losses: the same" in out
