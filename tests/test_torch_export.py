"""to_torch(): the same network in PyTorch, and a helpful error without PyTorch."""

import random
import subprocess
import sys
from pathlib import Path

import pytest

from microgradkr import MLP


@pytest.mark.parametrize("activation, output_activation", [
    ("relu", "linear"), ("tanh", "sigmoid"), ("sigmoid", "tanh"), ("step", "relu"),
])
def test_torch_model_outputs_equal_ours(activation, output_activation):
    torch = pytest.importorskip("torch", reason="PyTorch comparison: pip install torch==2.13.0")
    model = MLP(3, [8, 5, 2], activation=activation, output_activation=output_activation,
                init="normal", seed=4)
    biases = random.Random(1)
    for layer in model.layers:  # nonzero biases, so they are compared too
        for n in layer.neurons:
            n.b.data = biases.uniform(-0.5, 0.5)
    net = model.to_torch()
    assert isinstance(net, torch.nn.Sequential)
    assert all(p.dtype == torch.float64 for p in net.parameters())
    assert sum(p.numel() for p in net.parameters()) == len(model.parameters())
    rng = random.Random(0)
    for _ in range(50):
        x = [rng.uniform(-3, 3) for _ in range(3)]
        ours = [v.data for v in model(x)]
        theirs = net(torch.tensor([x], dtype=torch.float64))[0].tolist()
        # PyTorch's matrix product adds in its own order: equal to rounding, not bit for bit
        assert ours == pytest.approx(theirs, rel=1e-12, abs=1e-12)


def test_torch_model_gradients_equal_ours():
    torch = pytest.importorskip("torch", reason="PyTorch comparison: pip install torch==2.13.0")
    model = MLP(2, [4, 1], activation="tanh", seed=1)
    net = model.to_torch()
    x = [0.7, -1.3]
    model(x).backward()
    net(torch.tensor([x], dtype=torch.float64)).sum().backward()
    first = net[0]
    ours = [[w.grad for w in n.w] for n in model.layers[0].neurons]
    for row_ours, row_theirs in zip(ours, first.weight.grad.tolist()):
        assert row_ours == pytest.approx(row_theirs, rel=1e-12)


def test_model_without_bias_exports_linear_layers_without_bias():
    torch = pytest.importorskip("torch", reason="PyTorch comparison: pip install torch==2.13.0")
    net = MLP(2, [3, 1], bias=False, seed=0).to_torch()
    assert all(m.bias is None for m in net if isinstance(m, torch.nn.Linear))


def test_without_torch_a_clear_import_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # makes `import torch` fail
    with pytest.raises(ImportError) as info:
        MLP(2, [1], seed=0).to_torch()
    assert "pip install torch==2.13.0" in str(info.value)
    assert "microgradkr[torch]" in str(info.value)


def test_importing_microgradkr_imports_neither_torch_nor_matplotlib():
    code = ("import sys, microgradkr, microgradkr.plot, microgradkr.nn; "
            "print('torch' in sys.modules, 'matplotlib' in sys.modules)")
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert out.stdout.split() == ["False", "False"]
