"""Every op against PyTorch float64: at IEEE edge inputs, and on random graphs (first and
second order), plus compiled code against the eager engine.

Needs PyTorch (pip install torch==2.13.0); CI installs it.
"""

import itertools
import math
import sys

import pytest
from hypothesis import HealthCheck, given, settings

import microgradkr as mg
from microgradkr import OPS, Value, grad
from microgradkr.testing import expressions

torch = pytest.importorskip("torch", reason="pip install torch==2.13.0 to compare with PyTorch")
F = torch.nn.functional

# The independent reference: each op of the table as PyTorch writes it.
TORCH = {
    "add": lambda a, b: a + b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "pow": lambda x, n: x ** n,
    "vpow": lambda a, b: a ** b,
    "exp": torch.exp,
    "log": torch.log,
    "log1p": torch.log1p,
    "sqrt": torch.sqrt,
    "sin": torch.sin,
    "cos": torch.cos,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "softplus": F.softplus,
    "relu": torch.relu,
    "leaky_relu": lambda x, slope: F.leaky_relu(x, slope),
    "abs": torch.abs,
    "step": lambda x: (x > 0).to(torch.float64),  # a constant: no gradient flows, as in ours
    "maximum": torch.maximum,
    "minimum": torch.minimum,
    "bce": F.binary_cross_entropy,
}

EDGES = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 1e-300, -1e-300, 5e-324, -5e-324, 1e300, -1e300,
         math.inf, -math.inf, math.nan, 700.0, -700.0, 710.0, -750.0, 1e-8, 36.0, -36.0, 20.0, 3.0]
UPSTREAM = [1.0, -2.5, math.inf, math.nan]


def tensor(x):
    return torch.tensor(x, dtype=torch.float64, requires_grad=True)


def close(ours, theirs, rel=1e-14):
    """Equal as IEEE numbers: the same inf, nan and zero; finite ones within rel (libm and
    PyTorch's vector code may round the last bit differently, e.g. through fused multiply-add)."""
    if math.isnan(ours) or math.isnan(theirs):
        return math.isnan(ours) and math.isnan(theirs)
    if math.isinf(ours) or math.isinf(theirs) or ours == 0.0 or theirs == 0.0:
        # PyTorch's vector code flushes subnormal results to zero (log1p(5e-324) is 0.0
        # there, 5e-324 in C99); a subnormal against a zero is that, not a different answer
        return ours == theirs or max(abs(ours), abs(theirs)) < sys.float_info.min
    if max(abs(ours), abs(theirs)) < sys.float_info.min:  # both subnormal: as little precision as that
        return True
    return abs(ours - theirs) <= rel * max(abs(ours), abs(theirs))


def _loss_refuses(name, point) -> bool:
    """Whether microgradkr's loss built on op ``name`` refuses ``point`` with a ValueError."""
    if name != "bce":
        return False
    try:
        mg.losses.bce(Value(point[0]), point[1])
    except ValueError:
        return True
    return False


def _cases():
    for name, op in OPS.items():
        if op.arity is None or name not in TORCH:
            continue
        params = [{}] if not op.param_names else [dict(zip(op.param_names, combo)) for combo in
                                                   itertools.product(*[op.examples[p] for p in op.param_names])]
        for p in params:
            yield name, p


@pytest.mark.parametrize("name, params", list(_cases()), ids=lambda v: str(v))
def test_every_op_at_the_edges_like_pytorch(name, params):
    op = OPS[name]
    points = itertools.product(EDGES, repeat=op.arity) if op.arity == 1 else \
        itertools.product(EDGES[::2] + [math.nan], repeat=op.arity)
    wrong = []
    for point in points:
        for upstream in UPSTREAM:
            leaves = [Value(x) for x in point]
            out = op(*leaves, **params)
            (out * upstream).backward()
            ts = [tensor(x) for x in point]
            try:
                t_out = TORCH[name](*ts, *params.values())
            except RuntimeError:  # PyTorch refuses the input (bce outside [0, 1]): so does our loss
                if not _loss_refuses(name, point):
                    wrong.append((point, upstream, out.data, "PyTorch refuses this input, we do not"))
                continue
            if t_out.requires_grad:
                (t_out * upstream).backward()
            theirs = [0.0 if t.grad is None else t.grad.item() for t in ts]
            if not (close(out.data, t_out.item()) and all(map(close, [v.grad for v in leaves], theirs))):
                wrong.append((point, upstream, out.data, [v.grad for v in leaves], t_out.item(), theirs))
    assert not wrong, wrong[:5]


def torch_apply(step, nodes):
    """One step of a microgradkr.testing Expression, in PyTorch."""
    args = [nodes[a] for a in step.args]
    first = args[0] + step.shift if step.shift else args[0]
    if step.op == "sum":
        total = first
        for a in args[1:]:
            total = total + a
        return total
    if step.op == "linear":
        if step.constants:
            terms = [w * c for w, c in zip([first, *args[1:]], step.constants)]
        else:
            half = len(args) // 2
            terms = [w * x for w, x in zip([first, *args[1:half]], args[half:])]
        total = torch.tensor(step.bias, dtype=torch.float64)
        for t in terms:
            total = total + t
        return total
    return TORCH[step.op](first, *args[1:], *dict(step.params).values())


def torch_expression(expr, tensors):
    nodes = list(tensors)
    for step in expr.steps:
        nodes.append(torch_apply(step, nodes))
    return nodes[-1]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions(max_inputs=3, max_steps=6))
def test_random_graphs_like_pytorch_first_and_second_order(expr):
    leaves = [Value(x) for x in expr.inputs]
    out = expr(leaves)
    firsts = grad(out, leaves, create_graph=True)
    ts = [tensor(x) for x in expr.inputs]
    t_out = torch_expression(expr, ts)
    t_firsts = (torch.autograd.grad(t_out, ts, create_graph=True, allow_unused=True)
                if t_out.requires_grad else [None] * len(ts))  # a step of the inputs: a constant
    assert close(out.data, t_out.item(), rel=1e-12), str(expr)
    for k, (ours, theirs) in enumerate(zip(firsts, t_firsts)):
        theirs_value = 0.0 if theirs is None else theirs.item()
        # cancellation to about 0 leaves rounding noise that depends on the order of operations
        assert close(ours.data, theirs_value, rel=1e-10) or abs(ours.data - theirs_value) <= 1e-12, \
            (str(expr), k, ours.data, theirs_value)
        seconds = grad(ours, leaves)
        if theirs is None or not theirs.requires_grad:
            t_seconds = [0.0] * len(ts)
        else:
            t_seconds = [0.0 if g is None else g.item() for g in
                         torch.autograd.grad(theirs, ts, retain_graph=True, allow_unused=True)]
        for j, (a, b) in enumerate(zip(seconds, t_seconds)):
            assert close(a, b, rel=1e-8) or abs(a - b) <= 1e-9, (str(expr), k, j, a, b)


@settings(max_examples=300, deadline=None)
@given(expressions(max_inputs=3, max_steps=8))
def test_compiled_code_equals_the_eager_engine_bit_for_bit(expr):
    compiled = mg.compile(expr, list(expr.inputs))
    for point in (list(expr.inputs), [x * 0.5 + 0.1 for x in expr.inputs]):
        leaves = [Value(x) for x in point]
        out = expr(leaves)
        out.backward()
        value, grads = compiled(point)
        same = [a == b or (a != a and b != b) for a, b in zip([out.data] + [v.grad for v in leaves],
                                                                [value] + grads)]
        # a different branch of relu/step at the new point changes no structure: still equal
        assert all(same), (str(expr), point)
