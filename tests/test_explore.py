"""The live explorers' logic, in this process (the widgets work without a browser).

The same logic in a real kernel is in test_explore_notebook.py, and in a real
JupyterLab page in test_explore_browser.py.
"""

import asyncio
import math

import pytest

pytest.importorskip("ipywidgets", reason="pip install '.[test]' (see README)")

from microgradkr import MLP, Value, data, draw_dot, explore, fit, gates, optim  # noqa: E402
from microgradkr.explorers.graph import CIRCUITS  # noqa: E402
from microgradkr.explorers import make_explorer  # noqa: E402
from microgradkr.fmt import format_number  # noqa: E402


def inline(svg):
    """The SVG as the explorer inlines it: from <svg on, scaled to the page's width."""
    return '<svg style="max-width:100%;height:auto"' + svg[svg.index("<svg") + 4:]


# ------------------------------------------------------------------ outside a notebook

def test_outside_a_notebook_it_says_so_in_one_bilingual_line(capsys):
    assert explore(gates.apple()) is None
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert "Jupyter 노트북" in out and "needs a Jupyter notebook" in out


def test_importing_the_explorers_package_leaves_the_explore_function_in_place():
    import subprocess
    import sys

    code = ("import microgradkr, microgradkr.explorers.graph, microgradkr.explorers.training\n"
            "from microgradkr import explore\n"
            "assert microgradkr.explore is explore and callable(explore), microgradkr.explore\n"
            "assert explore.__module__ == 'microgradkr.explorers.entry'\n"
            "assert microgradkr.explore(microgradkr.gates.apple()) is None\n")  # outside a notebook
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "needs a Jupyter notebook" in done.stdout


# ------------------------------------------------------------------ graphs

def test_without_ipywidgets_it_says_how_to_install_them(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # as if it were not installed
    with pytest.raises(ImportError) as caught:
        make_explorer(gates.apple())
    assert "pip install 'microgradkr[jupyter]'" in str(caught.value) and "ipywidgets가 필요" in str(caught.value)


def test_apple_slider_moves_the_gradient_table_and_the_picture():
    ex = make_explorer(gates.apple())
    assert set(ex.sliders) == {"apple", "apple_num", "tax"}
    assert ex.sliders["apple_num"].description == "사과 개수"
    first_picture = ex.picture.value
    for count in (1.0, 3.0, 5.0):  # a count of 2 slides from 0 to 6 (2 ± 4, not negative)
        ex.sliders["apple_num"].value = count  # what dragging the slider does
        expected = gates.apple(apple_num=count).backward()
        grads = {name: grad for name, _, grad, _ in ex.rows}
        assert grads == {name: leaf.grad for name, leaf in expected.inputs.items()}
        # d(total)/d(apple) follows the count: count × tax
        assert grads["apple"] == pytest.approx(count * 1.1, rel=1e-15)
        assert ex.output.data == expected.output.data
        assert ex.picture.value == inline(draw_dot(expected, mode="backward").svg())
        assert ex.picture.value != first_picture
        assert f">{format_number(grads['apple'], 4)}</td>" in ex.table.value


def test_the_central_difference_sits_beside_backward():
    ex = make_explorer(gates.apple_orange())
    ex.set(orange_num=4.5, tax=1.25)
    for name, value, grad, numeric in ex.rows:
        assert numeric == pytest.approx(grad, rel=1e-6, abs=1e-6), name
    assert "수치 미분 (중심 차분)" in ex.table.value and "기울기 (역전파)" in ex.table.value


def test_a_function_of_named_inputs():
    ex = make_explorer(lambda x, y: x * y + x, x=(-2, 2), y=3.0)
    assert ex.values() == {"x": 0.0, "y": 3.0}  # x starts in the middle of its range
    assert (ex.sliders["x"].min, ex.sliders["x"].max) == (-2.0, 2.0)
    before = ex.picture.value
    ex.set(x=1.5, y=-0.5)
    (_, x, dx, nx), (_, y, dy, ny) = ex.rows
    assert (x, y) == (1.5, -0.5)
    assert dx == y + 1 and dy == x  # ∂/∂x (x·y + x) = y + 1, ∂/∂y = x
    assert nx == pytest.approx(dx) and ny == pytest.approx(dy)
    assert ex.output.data == 1.5 * -0.5 + 1.5
    assert ex.picture.value != before and "<svg" in ex.picture.value


def test_defaults_of_the_function_start_the_sliders():
    ex = make_explorer(lambda w, x=2.0: (w * x).tanh(), w=(-1, 1, 0.25))
    assert ex.values() == {"w": 0.0, "x": 2.0}
    assert ex.sliders["w"].step == 0.25
    ex.set(w=0.5)
    out = math.tanh(1.0)
    assert ex.rows[0][2] == pytest.approx((1 - out ** 2) * 2.0, rel=1e-12)


@pytest.mark.parametrize("name", sorted(gates.GATES))
def test_every_teaching_circuit_starts_at_its_own_numbers(name):
    circuit = gates.GATES[name]()
    ex = make_explorer(circuit)
    circuit.backward()
    chosen = CIRCUITS[circuit.name][1] or tuple(circuit.inputs)
    assert list(ex.sliders) == list(chosen)
    assert ex.output.data == circuit.output.data
    for input_name, value, grad, _ in ex.rows:
        assert value == circuit.inputs[input_name].data
        assert grad == circuit.inputs[input_name].grad


def test_a_builder_of_gates_is_explored_as_its_circuit():
    ex = make_explorer(gates.apple, lang="en")
    assert list(ex.sliders) == ["apple", "apple_num", "tax"] and ex.output.data == gates.apple().output.data


def test_english_labels_and_table():
    ex = make_explorer(gates.apple(), lang="en")
    assert ex.sliders["apple_num"].description == "apple count"
    assert "gradient (backward)" in ex.table.value and "apple count" in ex.picture.value


def test_without_a_renderer_the_picture_is_the_text_listing(monkeypatch):
    monkeypatch.setenv("MICROGRADKR_DOT", "/nonexistent/dot")
    ex = make_explorer(gates.apple())
    assert ex.picture.value.startswith("<pre") and "<svg" not in ex.picture.value
    assert "지불 금액 = 사과 가격 × 소비세   값 220   기울기 1" in ex.picture.value
    ex.set(apple_num=3.0)
    assert "값 330" in ex.picture.value


@pytest.mark.parametrize("call, error, words", [
    (lambda: make_explorer(lambda x: x), ValueError, "범위가 필요"),
    (lambda: make_explorer(lambda x: x, x=(-1, 1), z=(0, 1)), ValueError, "'z'"),
    (lambda: make_explorer(lambda x: x, x=(1, 1)), ValueError, "low < high"),
    (lambda: make_explorer(lambda x: x, x=(0, 1, -0.1)), ValueError, "step > 0"),
    (lambda: make_explorer(lambda x: x, x="wide"), TypeError, "'wide'"),
    (lambda: make_explorer(lambda x: 3.0, x=(0, 1)), TypeError, "must return a Value"),
    (lambda: make_explorer(lambda: Value(1.0)), ValueError, "no named inputs"),
    (lambda: make_explorer(gates.Circuit("mine", Value(1.0), {})), ValueError, "'mine'"),
    (lambda: make_explorer(42), TypeError, "42 (int)"),
    (lambda: make_explorer(MLP(2, [1], seed=0)), TypeError, "explore(model, X, y)"),
    (lambda: make_explorer(MLP(2, [1], seed=0), [[0, 0]], [0], epochs=3), TypeError, "epochs"),
    (lambda: make_explorer(MLP(2, [1], seed=0), [[0, 0]], [0], optimizer="rmsprop"), ValueError, "rmsprop"),
])
def test_mistakes_are_named_in_both_languages(call, error, words):
    with pytest.raises(error) as caught:
        call()
    text = str(caught.value)
    assert words in text and len(text.splitlines()) >= 2  # Korean line, English line


def test_the_output_label_and_an_error_are_shown_as_text_not_markup():
    def f(x):
        if x.data > 0.8:
            raise ValueError("<script>alert(1)</script> & more")
        out = x * 2.0
        out.label = "<script>y</script> & z"
        return out

    ex = make_explorer(f, x=(0, 1))  # starts at 0.5
    assert "<script>" not in ex.result.value
    assert "출력 &lt;script&gt;y&lt;/script&gt; &amp; z = 1" in ex.result.value
    ex.sliders["x"].value = 0.9  # the function raises: the picture says why
    assert "<script>" not in ex.picture.value
    assert ex.picture.value == "<pre>ValueError: &lt;script&gt;alert(1)&lt;/script&gt; &amp; more</pre>"


def test_a_number_beyond_a_slider_widens_its_range_instead_of_being_clamped():
    ex = make_explorer(gates.apple())
    assert ex.sliders["apple_num"].max == 6.0
    ex.set(apple_num=50, tax=-0.5)
    assert ex.values()["apple_num"] == 50.0 and ex.values()["tax"] == -0.5
    assert ex.sliders["apple_num"].max == 50.0 and ex.sliders["tax"].min == -0.5
    expected = gates.apple(apple_num=50.0, tax=-0.5).backward()
    assert ex.output.data == expected.output.data
    assert {n: g for n, _, g, _ in ex.rows} == {n: v.grad for n, v in expected.inputs.items()}


@pytest.mark.parametrize("value, error", [(float("nan"), ValueError), (float("inf"), ValueError),
                                          ("3", TypeError), (True, TypeError)])
def test_setting_an_input_to_something_not_a_finite_number_is_refused(value, error):
    ex = make_explorer(gates.apple())
    with pytest.raises(error) as caught:
        ex.set(apple_num=value)
    assert "'apple_num'" in str(caught.value) and "유한한 숫자" in str(caught.value)
    assert ex.values()["apple_num"] == 2.0


@pytest.mark.parametrize("x", [1e10, -3e12, 1e-3, 0.0])
def test_the_central_difference_agrees_with_backward_at_any_size(x):
    ex = make_explorer(lambda x: x * x + x, x=x)
    ((_, value, grad, numeric),) = ex.rows
    assert value == x and grad == pytest.approx(2 * x + 1, rel=1e-15)
    assert numeric == pytest.approx(grad, rel=1e-6, abs=1e-6)


def test_circuit_inputs_keep_to_their_natural_ranges():
    def ranges(ex):
        return {n: (s.min, s.max, s.step) for n, s in ex.sliders.items()}

    # a price and a count are not negative (the high end is the automatic rule's);
    # a count moves one apple at a time; the tax rate slides from 0 to 2
    assert ranges(make_explorer(gates.apple())) == {
        "apple": (0.0, 300.0, 2.0), "apple_num": (0.0, 6.0, 1.0), "tax": (0.0, 2.0, 0.02)}
    shopping = ranges(make_explorer(gates.apple_orange()))
    assert shopping["orange"] == (0.0, 450.0, 3.0) and shopping["orange_num"] == (0.0, 9.0, 1.0)
    assert shopping["tax"] == (0.0, 2.0, 0.02)
    # a perceptron's inputs run from 0 (false) to 1 (true); its weights follow the automatic rule
    gate = ranges(make_explorer(gates.and_gate()))
    assert gate["x1"] == gate["x2"] == (0.0, 1.0, 0.01)
    assert gate["and.b"] == pytest.approx((-2.7, 1.3, 0.02))
    # where a circuit gives none, the automatic rule: start ± 2·max(|start|, 1)
    assert ranges(make_explorer(gates.add_mul_circuit()))["z"] == (-12.0, 4.0, 0.08)
    # a range given by hand wins, and a start outside its domain keeps the automatic range
    assert ranges(make_explorer(gates.apple(), tax=(0.5, 1.5)))["tax"] == (0.5, 1.5, 0.01)
    assert ranges(make_explorer(gates.apple(apple_num=-1.0)))["apple_num"] == (-3.0, 1.0, 0.02)


@pytest.mark.parametrize("name", sorted(gates.GATES))
def test_no_slider_leaves_its_inputs_domain(name):
    circuit = gates.GATES[name]()
    ex = make_explorer(circuit)
    for input_name, slider in ex.sliders.items():
        domain = circuit.domains.get(input_name)
        if domain is not None:
            assert domain.low is None or slider.min >= domain.low, input_name
            assert domain.high is None or slider.max <= domain.high, input_name


# ------------------------------------------------------------------ training

def moons_setup(seed=1):
    X, y = data.moons(24, noise=0.1, seed=2, signed=True)
    return MLP(2, [6, 1], seed=seed), X, y


def fitted(optimizer_class, epochs, lr, batch_size=8, seed=5):
    model, X, y = moons_setup()
    history = fit(model, X, y, loss="hinge", optimizer=optimizer_class(model.parameters(), lr=lr),
                  epochs=epochs, batch_size=batch_size, seed=seed, progress=False)
    return history, [p.data for p in model.parameters()]


def trainer(**options):
    model, X, y = moons_setup()
    settings = dict(loss="hinge", optimizer="adam", lr=0.05, batch_size=8, seed=5, resolution=8)
    settings.update(options)
    return model, make_explorer(model, X, y, **settings)


def test_steps_are_fits_epochs_with_the_same_optimizer_and_seed():
    model, ex = trainer()
    start = [p.data for p in model.parameters()]
    for _ in range(4):
        ex.step_button.click()
    history, weights = fitted(optim.Adam, 4, 0.05)
    assert ex.history.loss == history.loss and ex.history.accuracy == history.accuracy
    assert [p.data for p in model.parameters()] == weights
    # reset: the same first weights, and the same epochs again
    ex.reset_button.click()
    assert [p.data for p in model.parameters()] == start and len(ex.history) == 0
    ex.step(4)
    assert ex.history.loss == history.loss
    # another optimizer from the menu (after a reset) is fit's with that optimizer
    ex.reset()
    ex.optimizer_menu.value = "momentum"
    ex.lr.value = 0.02
    assert isinstance(ex.optimizer, optim.Momentum) and ex.optimizer.lr == 0.02
    ex.step(3)
    history, weights = fitted(optim.Momentum, 3, 0.02)
    assert ex.history.loss == history.loss and [p.data for p in model.parameters()] == weights


@pytest.mark.parametrize("lr", [1e-5, 1e-7, 3e-5, 10.0])
def test_a_learning_rate_far_from_the_usual_is_kept_as_given(lr):
    _, ex = trainer(lr=lr)
    assert ex.lr.value == pytest.approx(lr, rel=1e-12) and ex.optimizer.lr == pytest.approx(lr, rel=1e-12)
    assert ex.lr.min <= math.log10(lr) - 0.5 + 1e-9 and ex.lr.max >= math.log10(lr) + 0.5 - 1e-9
    assert ex.lr.min <= -4.0 + 1e-9 and ex.lr.max >= 0.5 - 1e-9  # 1e-4 to about 3 at least
    ex.step()
    assert ex.optimizer.lr == pytest.approx(lr, rel=1e-12)


def test_pictures_follow_the_training():
    _, ex = trainer()
    assert "에폭 0" in ex.status.value
    loss_before, boundary_before = bytes(ex.loss_image.value), bytes(ex.boundary_image.value)
    assert loss_before.startswith(b"\x89PNG") and boundary_before.startswith(b"\x89PNG")
    ex.step(3)
    assert bytes(ex.loss_image.value) != loss_before and bytes(ex.boundary_image.value) != boundary_before
    assert f"에폭 3 · 손실 {format_number(ex.history.loss[-1], 4)}" in ex.status.value
    assert ex.boundary_image in ex.widget.children[-1].children


def test_one_dimensional_data_has_no_boundary_picture():
    model = MLP(1, [1], seed=0)
    ex = make_explorer(model, *data.study_hours(), lr=0.01)
    ex.step(2)
    assert ex.boundary_image not in ex.widget.children[-1].children
    assert "정확도" not in ex.status.value


async def _wait_for(condition, seconds=20.0):
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("timed out")


def test_play_trains_in_the_background_and_pause_stops_it():
    model, ex = trainer()
    ticks = []

    async def learner():
        async def clock():  # something else the kernel does while it plays
            while True:
                ticks.append(len(ex.history))
                await asyncio.sleep(0.005)
        other = asyncio.ensure_future(clock())
        ex.play.value = True
        assert ex.play.description == "일시정지"
        await _wait_for(lambda: len(ex.history) >= 3)
        ex.play.value = False
        await _wait_for(lambda: ex._task is None)
        stopped = len(ex.history)
        await asyncio.sleep(0.3)
        other.cancel()
        return stopped

    stopped = asyncio.run(learner())
    assert len(ex.history) == stopped >= 3 and ex.play.description == "재생"
    assert len(set(ticks)) >= 3  # the other task ran between the epochs
    history, weights = fitted(optim.Adam, stopped, 0.05)
    assert ex.history.loss == history.loss and [p.data for p in model.parameters()] == weights


def test_play_stops_at_max_epochs():
    _, ex = trainer(max_epochs=4, epochs_per_frame=3)

    async def learner():
        ex.play.value = True
        await _wait_for(lambda: ex._task is None)

    asyncio.run(learner())
    assert len(ex.history) == 4 and ex.play.value is False


def test_without_an_event_loop_play_does_nothing():
    _, ex = trainer()
    ex.play.value = True
    assert ex.play.value is False and len(ex.history) == 0


# ------------------------------------------------------------------ README and tour

def test_readme_shows_the_screenshots_the_script_takes_in_both_languages():
    import re
    import struct
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root / "scripts"))
    from make_explore_screenshots import SHOTS

    korean, english = (root / "README.md").read_text(encoding="utf-8").split("# microgradkr (English)")
    shown = {half: re.findall(r"!\[[^\]]*\]\((docs/explore[^)]*\.png)\)", text)
             for half, text in (("ko", korean), ("en", english))}
    assert shown == {lang: [f"docs/{name}" for name, (_, shot_lang) in SHOTS.items() if shot_lang == lang]
                     for lang in ("ko", "en")}
    for name in SHOTS:
        head = (root / "docs" / name).read_bytes()[:24]
        assert head[:8] == b"\x89PNG\r\n\x1a\n", name
        width, height = struct.unpack(">II", head[16:24])
        assert 600 <= width <= 1600 and 200 <= height <= 900, (name, width, height)
    for text in (korean, english):
        assert "explore(gates.apple()" in text and "scripts/make_explore_screenshots.py" in text


def test_the_tour_points_to_the_explorer():
    from microgradkr.tour.topics import TOPICS

    graphs = next(t for t in TOPICS if t.script == "04_computational_graph.py")
    assert "explore(gates.apple())" in graphs.intro["ko"]
    assert "Jupyter에서 직접 움직여 보기" in graphs.intro["ko"]
    assert "explore(gates.apple())" in graphs.intro["en"] and "Explore it live in Jupyter" in graphs.intro["en"]
