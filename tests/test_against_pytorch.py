"""Every op against PyTorch float64: at IEEE edge inputs, and on random graphs (first and
second order), plus compiled code against the eager engine.

Needs PyTorch (pip install torch==2.13.0); CI installs it.
"""

import itertools
import math
import struct
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


# ---------------------------------------------------------------- powers, bit for bit

# Special bases and exponents: zeros, infinities, nan, ±1 and its neighbours, halves, small and
# large integers (odd and even), subnormals, huge numbers, negative non-integers: 66 × 66 = 4,356
# cases (the adversarial run had 4,212).
POWER_GRID = [0.0, -0.0, math.inf, -math.inf, math.nan, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0, 1.5,
              -1.5, 2.5, -2.5, 5e-324, -5e-324, 1e-310, -1e-310, 1e308, -1e308, 1e300, -1e300, 1e-300,
              -1e-300, 0.9999999999999999, -0.9999999999999999, 1.0000000000000002, -1.0000000000000002,
              10.0, -10.0, 0.1, -0.1, 0.3, -0.3, 4.0, -4.0, 1e20, -1e20, 9007199254740991.0,
              -9007199254740991.0, 1023.0, -1023.0, 1024.0, -1024.0, 1075.0, -1075.0, 0.7, -0.7, 7.0, -7.0,
              100.0, -100.0, 1e-8, -1e-8, 1.5e-323, 0.25, -0.25, 1e15 + 1, -(1e15 + 1), 5.0, -5.0, 6.0, -6.0]


def bits(x):
    return b"nan" if x != x else struct.pack("<d", x)


def same_bits(ours, theirs, leaf_grad=False):
    """Equal to the bit, the sign of a zero included, except a leaf gradient's zero: backward
    adds a leaf's gradient to 0.0, so -0.0 arrives as 0.0 (the README says so)."""
    return bits(ours) == bits(theirs) or (leaf_grad and ours == theirs == 0.0)


def test_a_power_of_two_values_like_pytorch_bit_for_bit():
    wrong = []
    for a, b in itertools.product(POWER_GRID, repeat=2):
        ta, tb = tensor(a), tensor(b)
        t_out = ta ** tb
        t_out.backward()
        x, y = Value(a), Value(b)
        out = x ** y
        out.backward()
        if not (same_bits(out.data, t_out.item()) and same_bits(x.grad, ta.grad.item(), True)
                and same_bits(y.grad, tb.grad.item(), True)):
            wrong.append(("a ** b", a, b, (out.data, x.grad, y.grad), (t_out.item(), ta.grad.item(), tb.grad.item())))
        tb = tensor(b)
        t_out = a ** tb  # a number base: PyTorch's pow(Scalar, Tensor)
        t_out.backward()
        y = Value(b)
        out = a ** y
        out.backward()
        if not (same_bits(out.data, t_out.item()) and same_bits(y.grad, tb.grad.item(), True)):
            wrong.append(("number ** b", a, b, (out.data, y.grad), (t_out.item(), tb.grad.item())))
    assert len(POWER_GRID) ** 2 >= 4212 and not wrong, (len(wrong), wrong[:5])


def test_a_number_power_like_pytorch_bit_for_bit():
    """x ** n for a number n: PyTorch computes x·x for 2, 1/x for -1, √x for 0.5 ... and so does m.pow.

    Where the two differ, PyTorch's sqrt (MKL's, on this build) is not IEEE's correctly
    rounded square root, and ours is: that is checked, case by case, not tolerated.
    """
    wrong = []
    for x, n in itertools.product(POWER_GRID, repeat=2):
        tx = tensor(x)
        t_out = tx ** n
        if t_out.requires_grad:
            t_out.backward()
        theirs = (t_out.item(), 0.0 if tx.grad is None else tx.grad.item())
        v = Value(x)
        out = v ** n
        out.backward()
        if same_bits(out.data, theirs[0]) and same_bits(v.grad, theirs[1], True):
            continue
        # PyTorch takes the square root of x for x ** 0.5, and for the gradient of x ** 1.5
        torch_sqrt_is_off = n in (0.5, 1.5) and torch.sqrt(tensor(x)).item() != math.sqrt(x)
        # then ours is PyTorch's formula with IEEE's square root
        ieee = (math.sqrt(x), theirs[1]) if n == 0.5 else (theirs[0], 1.5 * math.sqrt(x))
        if not (torch_sqrt_is_off and same_bits(out.data, ieee[0]) and same_bits(v.grad, ieee[1], True)):
            wrong.append((x, n, (out.data, v.grad), theirs))
    assert not wrong, (len(wrong), wrong[:5])


SECOND_ORDER_GRID = [0.0, -0.0, math.inf, -math.inf, math.nan, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, 1.5,
                     5e-324, 1e308, 0.3, -0.3, 1e-300, 7.0, -7.0]


def test_second_derivatives_of_powers_like_pytorch_bit_for_bit():
    """grad(create_graph=True) twice: PyTorch's where in pow's backward sends a zero into the
    branch not taken, so an inf there makes a nan (d²/dx² x^x at 0); ours is the same where."""
    wrong = []
    for a, b in itertools.product(SECOND_ORDER_GRID, repeat=2):
        x, y = Value(a), Value(b)
        gx, gy = grad(x ** y, [x, y], create_graph=True)
        ours = grad(gx, [x, y]) + grad(gy, [x, y])
        ta, tb = tensor(a), tensor(b)
        tgx, tgy = torch.autograd.grad(ta ** tb, [ta, tb], create_graph=True)
        theirs = [0.0 if g is None else g.item() for first in (tgx, tgy)
                  for g in torch.autograd.grad(first, [ta, tb], retain_graph=True, allow_unused=True)]
        if not all(same_bits(o, t, True) for o, t in zip(ours, theirs)):
            wrong.append(("a ** b", a, b, ours, theirs))
        v = Value(a)
        ours = grad(grad(v ** b, v, create_graph=True), v)
        ta = tensor(a)
        (first,) = torch.autograd.grad(ta ** b, ta, create_graph=True)
        second = torch.autograd.grad(first, ta, allow_unused=True)[0] if first.requires_grad else None
        if not same_bits(ours, 0.0 if second is None else second.item(), True):
            wrong.append(("x ** n", a, b, ours, second))
    assert not wrong, (len(wrong), wrong[:5])
