"""A learner's own op: defined once, it works like a built-in everywhere."""

import math
import subprocess
import sys

import pytest
from hypothesis import given, settings

import microgradkr as mg
from microgradkr import OPS, Value, backprop_player, define_op, draw_dot, grad, gradcheck, layer_op
from microgradkr.testing import expressions, op_cases

LEARNER_OPS = {}


@pytest.fixture(autouse=True, scope="module")
def learner_ops():
    """Ops defined as a learner defines them in a notebook cell; forgotten afterwards,
    so the other test files see only the built-ins."""
    before = set(mg.OPS)
    LEARNER_OPS.update(
        cube=define_op("test_cube", symbol="³", ko="세제곱", en="cube",
                       forward=lambda m, x: x * x * x,
                       local_grads=lambda m, out, x: (3 * x * x,)),
        soft_sign=define_op("test_softsign", symbol="ss", ko="소프트사인", en="softsign", method=True,
                            forward=lambda m, x: x / (1 + m.abs(x)),
                            local_grads=lambda m, out, x: (1 / ((1 + m.abs(x)) * (1 + m.abs(x))),),
                            kinks=(0.0,)),
        hinge_at=define_op("test_hinge", symbol="⌐", ko="경첩", en="hinge",
                           forward=lambda m, x, at=1.0: m.select(x > at, x - at, 0.0),
                           local_grads=lambda m, out, x, at=1.0: (m.select(x > at, 1.0, m.zero),),
                           kinks=lambda at: (at,), examples={"at": (1.0, -0.5)}))
    yield
    for name in set(mg.OPS) - before:
        del mg.OPS[name]
        if hasattr(Value, name):
            delattr(Value, name)


def cube(*args, **kwargs):
    return LEARNER_OPS["cube"](*args, **kwargs)


def soft_sign(*args, **kwargs):
    return LEARNER_OPS["soft_sign"](*args, **kwargs)


def hinge_at(*args, **kwargs):
    return LEARNER_OPS["hinge_at"](*args, **kwargs)


class MulLayer:
    """seed 001's multiply layer, exactly as the book writes it."""

    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x = x
        self.y = y
        out = x * y
        return out

    def backward(self, dout):
        dx = dout * self.y
        dy = dout * self.x
        return dx, dy


def test_forward_backward_and_numbers():
    x = Value(1.5, label="x")
    y = cube(x)
    y.backward()
    assert y.data == 1.5 ** 3 and x.grad == 3 * 1.5 * 1.5
    assert cube(2.0).data == 8.0  # numbers work too
    assert soft_sign(Value(3.0)).data == 0.75 and Value(-3.0).test_softsign().data == -0.75
    assert hinge_at(Value(3.0), at=1.0).data == 2.0 and hinge_at(Value(3.0), 2.5).data == 0.5


def test_drawn_with_its_symbol_and_names():
    x = Value(0.5, label="x")
    y = cube(x)
    y.backward()
    assert "³" in draw_dot(y).text()
    assert "세제곱" in draw_dot(y, mode="backward").source
    assert "cube" in draw_dot(y, mode="backward", lang="en").source


def test_replayed_by_the_player():
    x = Value(0.7, label="x")
    y = soft_sign(cube(x))
    from microgradkr.draw.steps import backward_frames, final_gradients
    nodes = mg.topological_order(y)
    frames = backward_frames(nodes)
    y.backward()
    assert final_gradients(frames, len(nodes)) == [n.grad for n in nodes]
    assert backprop_player(y).html()


def test_differentiated_again():
    x = Value(0.7)
    first = grad(cube(x), x, create_graph=True)
    assert grad(first, x) == pytest.approx(6 * 0.7, rel=1e-15)
    x = Value(2.0)
    first = grad(soft_sign(x), x, create_graph=True)  # 1/(1+x)² → -2/(1+x)³
    assert grad(first, x) == pytest.approx(-2 / 27, rel=1e-14)


def test_compiled_equals_eager():
    f = lambda v: soft_sign(cube(v[0]) * v[1]) + hinge_at(v[1], at=0.25)  # noqa: E731
    compiled = mg.compile(f, [0.4, -1.3])
    for point in ([0.4, -1.3], [-2.0, 0.5], [1.0, 3.0]):
        leaves = [Value(p) for p in point]
        out = f(leaves)
        out.backward()
        assert compiled(point) == (out.data, [leaf.grad for leaf in leaves])
    assert "test_cube" not in compiled.source or "³" in compiled.source


@pytest.mark.parametrize("name", ["test_cube", "test_softsign", "test_hinge"])
def test_gradchecked_on_cases_from_its_domain_and_kinks(name):
    @settings(max_examples=60, deadline=None)
    @given(op_cases(name))
    def check(case):
        f, inputs = case
        assert gradcheck(f, inputs)

    check()


def test_in_random_expressions():
    @settings(max_examples=40, deadline=None)
    @given(expressions(ops=["test_cube", "test_softsign", "mul", "add"]))
    def check(expr):
        assert gradcheck(expr, expr.inputs, atol=1e-4, rtol=1e-3)

    check()


def test_a_dlfs_layer_becomes_an_op():
    mul_layer = layer_op(MulLayer(), "test_mul_layer", symbol="×", ko="곱셈 계층", en="multiply layer")
    apple, count, tax = Value(100.0), Value(2.0), Value(1.1)
    price = mul_layer(mul_layer(apple, count), tax)
    price.backward()
    # DLFS 5.4: the apple example's numbers, bit for bit as the built-in multiply gives them
    a, c, t = Value(100.0), Value(2.0), Value(1.1)
    reference = a * c * t
    reference.backward()
    assert (price.data, apple.grad, count.grad, tax.grad) == (reference.data, a.grad, c.grad, t.grad)
    assert gradcheck(lambda v: mul_layer(v[0], v[1]), [3.0, -2.0])
    assert grad(grad(mul_layer(apple, apple), apple, create_graph=True), apple) == 2.0


def test_wrong_number_of_local_grads_names_the_op():
    with pytest.raises(TypeError, match=r"(?s)test_bad_count.*피연산자마다.*one local gradient per operand"):
        define_op("test_bad_count", forward=lambda m, a, b: a * b, local_grads=lambda m, out, a, b: (b,))


def test_a_result_that_is_not_a_number_names_the_op():
    # the `if` keeps these ops from being written as code, so they run as Python
    with pytest.raises(TypeError, match=r"(?s)test_turn.*실수가 아닙니다.*not a real number") as error:
        define_op("test_turn", forward=lambda m, x: complex(0.0, x) if x != 0 else 0.0,
                  local_grads=lambda m, out, x: (1.0,))  # caught when it is defined
    assert error.value.__context__ is None  # no retry's traceback in front of the learner's error
    # Python's own ** on a negative float gives a complex number: the op is retried on IEEE
    # floats, where it is C's pow, nan (as PyTorch and as the same formula written as code)
    root = define_op("test_root", forward=lambda m, x: x ** 0.5 if x != 0 else 0.0,
                     local_grads=lambda m, out, x: (0.5 / out,), domain=(0.0, math.inf))
    assert math.isnan(root(Value(-4.0)).data)
    with pytest.raises(TypeError, match="test_text"):  # caught when it is defined
        define_op("test_text", forward=lambda m, x: "x", local_grads=lambda m, out, x: (1.0,))


def test_gradcheck_names_the_input_and_both_numbers():
    wrong = define_op("test_wrong", forward=lambda m, x: x * x, local_grads=lambda m, out, x: (x,))
    with pytest.raises(mg.GradcheckError) as failure:
        gradcheck(wrong, [3.0])
    message = str(failure.value)
    assert "test_wrong" in message and "x0" in message and "3.0" in message and "6.0" in message


def test_bad_definitions():
    with pytest.raises(ValueError, match="identifier"):
        define_op("not a name", forward=lambda m, x: x, local_grads=lambda m, out, x: (1.0,))
    with pytest.raises(TypeError, match="forward"):
        define_op("test_nf", forward=3, local_grads=lambda m, out, x: (1.0,))
    with pytest.raises(ValueError, match="built-in"):
        define_op("exp", forward=lambda m, x: x, local_grads=lambda m, out, x: (1.0,))
    with pytest.raises(TypeError, match="operand"):
        cube(Value(1.0), Value(2.0), Value(3.0))
    with pytest.raises(TypeError, match="unknown parameter"):
        hinge_at(Value(1.0), width=2.0)


@pytest.mark.parametrize("name", ["_mine", "out", "x0", "x12", "power", "ZERO", "_x", "_name", "_op0"])
def test_names_like_the_generated_codes_own_are_ops_like_any(name):
    """An op's name never becomes code (it is bound by value), so the code's own names are free."""
    op = define_op(name, forward=lambda m, x: 3.0 * x, local_grads=lambda m, out, x: (3.0,))
    user = define_op(f"uses{name.strip('_')}", forward=lambda m, x: getattr(m, name)(x) * x,
                     local_grads=lambda m, out, x: (6.0 * x,))
    x = Value(2.0)
    y = user(op(x))
    y.backward()
    f = mg.compile(lambda v: user(op(v[0])), [2.0])
    assert (y.data, x.grad) == (108.0, 108.0) and f([2.0]) == (108.0, [108.0])


@pytest.mark.parametrize("name", ["select", "zero", "eq", "isnan", "inf", "nan"])
def test_names_of_m_itself_are_refused(name):
    with pytest.raises(ValueError, match="m's own"):
        define_op(name, forward=lambda m, x: x, local_grads=lambda m, out, x: (1.0,))


@pytest.mark.parametrize("name", ["lambda", "class", "if", "None"])
def test_python_keywords_are_refused_as_op_names(name):
    with pytest.raises(ValueError, match="identifier"):
        define_op(name, forward=lambda m, x: x, local_grads=lambda m, out, x: (1.0,))


def test_an_op_named_like_the_engines_helpers_is_still_that_op():
    """Ops called node, mode, row, make... from another op's formula: eager and compiled alike."""
    for name, factor in (("node", 3.0), ("mode", 2.0), ("row", 5.0), ("make", 7.0)):
        define_op(name, forward=lambda m, x, f=factor: f * x, local_grads=lambda m, out, x, f=factor: (f,))
    both = define_op("test_uses_them", forward=lambda m, x, y: m.node(x) * m.mode(y) + m.row(x) + m.make(y),
                     local_grads=lambda m, out, x, y: (6.0 * y + 5.0, 6.0 * x + 7.0))
    x, y = Value(2.0), Value(-1.0)
    z = both(x, y)
    z.backward()
    assert (z.data, x.grad, y.grad) == (3 * 2.0 * 2 * -1.0 + 10.0 - 7.0, -1.0, 19.0)
    assert mg.compile(lambda v: both(v[0], v[1]), [2.0, -1.0])([2.0, -1.0]) == (z.data, [-1.0, 19.0])


def test_a_huge_int_power_is_inf_not_an_overflow():
    huge = define_op("test_huge_power", forward=lambda m, x: m.pow(x, 10 ** 400),
                     local_grads=lambda m, out, x: (0.0,))
    assert (huge(0.5).data, huge(2.0).data) == (0.0, math.inf)


def test_an_op_with_python_ifs_checks_its_operand_count_as_a_method():
    twice_below = define_op("test_twice_below", method=True,
                            forward=lambda m, x: x if x > 0 else 2 * x,
                            local_grads=lambda m, out, x: (1.0 if x > 0 else 2.0,))
    assert not twice_below.traced and Value(-1.5).test_twice_below().data == -3.0
    with pytest.raises(TypeError, match="test_twice_below.*1 operand"):
        Value(1.0).test_twice_below(2.0)


def test_the_code_an_operator_runs_can_be_read():
    assert "out = x0 * x1" in mg.OPS["mul"].make.source and Value.__mul__ is mg.OPS["mul"].make
    assert "x0 * x0 * x0" in LEARNER_OPS["cube"].make.source


def test_redefining_a_learner_op_replaces_it():
    first = define_op("test_again", forward=lambda m, x: x + 1, local_grads=lambda m, out, x: (1.0,))
    second = define_op("test_again", forward=lambda m, x: x + 2, local_grads=lambda m, out, x: (1.0,))
    assert mg.OPS["test_again"] is second and second(1.0).data == 3.0 and first(1.0).data == 2.0


def test_the_builtins_are_defined_the_same_way():
    source = (mg.__file__.rsplit("/", 1)[0] + "/ops.py")
    text = open(source, encoding="utf-8").read()
    for name, op in mg.OPS.items():
        if op.builtin:
            assert f'"{name}"' in text and "define_op(" in text


def test_import_does_not_load_graphviz_or_matplotlib():
    code = ("import sys, microgradkr; "
            "print(sorted(m for m in ('graphviz', 'matplotlib', 'microgradkr.draw', 'microgradkr.plot') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    # and the lazy names still work
    assert callable(mg.draw_dot) and mg.gates.apple


# ---------------------------------------------------------------- formulas that return nonsense (issue: an adversarial run)

@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("where, bad", [
    ("forward", None), ("forward", "abc"), ("forward", (v for v in ())),
    ("local_grads", None), ("local_grads", "a"), ("local_grads", (v for v in (1.0,))),
])
def test_a_formula_returning_none_a_str_or_a_generator_is_refused_by_name(fast, where, bad):
    forward = (lambda m, x: bad) if where == "forward" else (lambda m, x: x * 2.0)
    local_grads = (lambda m, out, x: bad) if where == "local_grads" else (lambda m, out, x: (2.0,))
    text = _refused_definition(fast, TypeError, "returns_nonsense", forward, local_grads)
    assert "returns_nonsense" in text and type(bad).__name__ in text and "\n" in text  # Korean, then English


def _refused_definition(fast: bool, error, name: str, forward, local_grads) -> str:
    """The message define_op refuses an op with, on the fast or the plain path (the op forgotten after)."""
    before = mg.fast_path()
    try:
        mg.fast_path(fast)
        with pytest.raises(error) as failure:
            define_op(name, forward=forward, local_grads=local_grads)
    finally:
        mg.fast_path(before)
        OPS.pop(name, None)
    return str(failure.value)


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("where", ["forward", "local_grads"])
def test_a_formula_calling_an_unknown_function_names_the_op_and_the_function(fast, where):
    forward = (lambda m, x: m.frobnicate(x)) if where == "forward" else (lambda m, x: x * 2.0)
    local_grads = (lambda m, out, x: (m.frobnicate(x),)) if where == "local_grads" else (lambda m, out, x: (2.0,))
    text = _refused_definition(fast, AttributeError, "calls_frobnicate", forward, local_grads)
    assert "calls_frobnicate" in text and "m.frobnicate" in text and "select" in text and "\n" in text
