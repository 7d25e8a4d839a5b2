"""Plots: drawn headless, saved as PNG and SVG, derivatives from the engine."""

import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from microgradkr import MLP, data, fit, optim

pytest.importorskip("matplotlib", reason="plots need the plot extra: pip install 'microgradkr[plot]'")

from microgradkr import plot  # noqa: E402


@pytest.fixture(scope="module")
def trained():
    X, y = data.moons(30, noise=0.1, seed=0, signed=True)
    model = MLP(2, [8, 1], seed=0)
    history = fit(model, X, y, loss="hinge", optimizer=optim.SGD(model.parameters(), lr=0.1),
                  epochs=5, progress=False)
    return model, X, y, history


def _is_png(path):
    return path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_loss_curve_png_and_svg(tmp_path, trained):
    *_, history = trained
    fig = plot.loss_curve(history, tmp_path / "loss.png")
    assert _is_png(tmp_path / "loss.png")
    assert len(fig.axes) == 2  # loss and accuracy
    plot.loss_curve(history.loss, tmp_path / "loss.svg", lang="en")
    with_validation = fit(MLP(2, [4, 1], seed=0), *data.gate("XOR"), epochs=3, progress=False,
                          validation=data.gate("XOR"))
    assert len(plot.loss_curve(with_validation).axes[0].lines) == 2
    svg = (tmp_path / "loss.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg


def test_an_empty_history_has_no_validation_legend():
    # the live training explorer draws the curve before the first epoch
    from microgradkr.train import History

    (axes,) = plot.loss_curve(History(), lang="en").axes
    assert axes.get_legend() is None and not axes.lines[1:]


def test_svg_is_byte_stable(tmp_path, trained):
    *_, history = trained
    plot.loss_curve(history, tmp_path / "a.svg")
    plot.loss_curve(history, tmp_path / "b.svg")
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()


def test_decision_boundary(tmp_path, trained):
    model, X, y, _ = trained
    model.train()
    fig = plot.decision_boundary(model, X, y, tmp_path / "boundary.png", resolution=20)
    assert _is_png(tmp_path / "boundary.png") and fig.axes
    assert model.training  # the mode is restored after evaluating the grid


def test_decision_boundary_multiclass(tmp_path):
    model = MLP(2, [4, 3], seed=0)
    X = [[0.0, 0.0], [1.0, 1.0], [-1.0, 0.5]]
    plot.decision_boundary(model, X, [0, 1, 2], tmp_path / "three.svg", resolution=10)
    assert (tmp_path / "three.svg").exists()


def test_activation_curves_take_derivatives_from_the_engine():
    xs = [-2.0, -0.5, 0.0, 0.5, 2.0]
    values, slopes = plot.activation_curve("relu", xs)
    assert values == [0.0, 0.0, 0.0, 0.5, 2.0] and slopes == [0.0, 0.0, 0.0, 1.0, 1.0]
    _, step_slopes = plot.activation_curve("step", xs)
    assert step_slopes == [0.0] * 5
    values, slopes = plot.activation_curve("sigmoid", [0.0])
    assert values == [0.5] and slopes == [0.25]
    with pytest.raises(ValueError):
        plot.activation_curve("linear", xs)


def test_activation_functions_figure(tmp_path):
    fig = plot.activation_functions(path=tmp_path / "act.png", points=21)
    assert len(fig.axes) == 4 and _is_png(tmp_path / "act.png")


def test_weight_histogram_compares_initialisers(tmp_path):
    models = {name: MLP(16, [32, 32], init=name, seed=0) for name in ("uniform", "he_normal", "xavier_normal")}
    fig = plot.weight_histogram(models, tmp_path / "weights.png")
    assert len(fig.axes) == 3
    plot.weight_histogram(MLP(2, [4], seed=0))
    plot.weight_histogram([0.1, 0.2, -0.3])


def test_korean_text_uses_a_hangul_font_without_warnings(tmp_path, trained):
    *_, history = trained
    if plot._hangul_font(__import__("matplotlib")) is None:
        pytest.skip("no Hangul font installed (apt-get install fonts-nanum)")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plot.loss_curve(history, tmp_path / "ko.png", lang="ko")


def test_bad_format_and_language(tmp_path, trained):
    *_, history = trained
    with pytest.raises(ValueError):
        plot.loss_curve(history, tmp_path / "loss.jpg")
    with pytest.raises(ValueError):
        plot.loss_curve(history, lang="fr")


def test_headless_without_pyplot(tmp_path):
    # no display and no backend chosen: the figures never go through pyplot or a GUI
    code = ("import sys; from microgradkr import plot; "
            f"plot.activation_functions(path={str(tmp_path / 'a.png')!r}, points=5); "
            "print('matplotlib.pyplot' in sys.modules)")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "MPLBACKEND", "WAYLAND_DISPLAY")}
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         cwd=root, check=True)
    assert out.stdout.strip() == "False" and _is_png(tmp_path / "a.png")


def test_without_matplotlib_a_clear_import_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ImportError) as info:
        plot.loss_curve([1.0, 0.5])
    assert "microgradkr[plot]" in str(info.value)


def test_without_a_hangul_font_korean_falls_back_to_english(monkeypatch):
    monkeypatch.setattr(plot, "HANGUL_FONTS", ())
    monkeypatch.setattr(plot, "_told_no_hangul", False)  # the notice comes once per process
    with pytest.warns(plot.HangulFontWarning, match="fonts-nanum"):
        fig = plot.loss_curve([1.0, 0.5], lang="ko")
    assert fig.axes[0].get_title() == "Learning curve"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # said once, not once per plot
        assert plot.loss_curve([1.0, 0.5], lang="ko").axes[0].get_title() == "Learning curve"


# ---------------------------------------------------------------- fonts installed later, or none at all

def _run(code, env, cwd=None):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          cwd=cwd or Path(__file__).resolve().parent.parent, timeout=600)


def stale_font_cache(tmp_path):
    """An MPLCONFIGDIR whose font cache knows no Hangul font: as if built before fonts-nanum was installed."""
    import json

    config = tmp_path / "mplconfig"
    env = dict(os.environ, MPLCONFIGDIR=str(config), MPLBACKEND="Agg")
    done = _run("import matplotlib.font_manager", env)  # builds the cache as matplotlib does
    assert done.returncode == 0, done.stderr
    (cache,) = config.glob("fontlist-*.json")
    data = json.loads(cache.read_text(encoding="utf-8"))
    hangul = [entry for entry in data["ttflist"] if entry["name"] in plot.HANGUL_FONTS]
    data["ttflist"] = [entry for entry in data["ttflist"] if entry not in hangul]
    cache.write_text(json.dumps(data), encoding="utf-8")
    return env, bool(hangul)


@pytest.mark.parametrize("fontconfig", [True, False], ids=["fc-list", "without-fc-list"])
def test_hangul_fonts_installed_after_the_cache_are_found(tmp_path, fontconfig):
    env, system_has_hangul = stale_font_cache(tmp_path)
    if not system_has_hangul:
        pytest.skip("no Hangul font installed (apt-get install fonts-nanum)")
    if not fontconfig:  # a PATH without fc-list: the font folders are searched instead
        (tmp_path / "empty-bin").mkdir()
        env["PATH"] = str(tmp_path / "empty-bin")
    code = """if True:
        import warnings
        warnings.simplefilter("error")  # no "no Hangul font" notice, no missing glyphs
        import matplotlib.font_manager as fm
        from microgradkr import plot
        assert not {f.name for f in fm.fontManager.ttflist} & set(plot.HANGUL_FONTS), "cache not stale"
        fig = plot.loss_curve([1.0, 0.5], lang="ko")
        print(fig.axes[0].get_title())
        print(fig.axes[0].title.get_fontname())
    """
    done = _run(code, env)
    assert done.returncode == 0, done.stderr
    title, font = done.stdout.splitlines()
    assert title == "학습 곡선" and font in plot.HANGUL_FONTS


def no_hangul_anywhere(tmp_path):
    """Environment where matplotlib and fontconfig see no Hangul font (stale cache, DejaVu only)."""
    from fontsets import font_set_env

    env, _ = stale_font_cache(tmp_path)
    fonts, why = font_set_env("dejavu", tmp_path / "fonts")
    if fonts is None:
        pytest.skip(why)
    env["FONTCONFIG_FILE"] = fonts["FONTCONFIG_FILE"]
    listed = subprocess.run(["fc-list", ":lang=ko", "file"], capture_output=True, text=True, env=env).stdout
    assert listed.strip() == ""
    return env


HANGUL = "re.compile('[\\uac00-\\ud7a3\\u3130-\\u318f]')"


def test_without_any_hangul_font_every_plot_is_english_and_says_so_once(tmp_path):
    env = no_hangul_anywhere(tmp_path)
    code = f"""if True:
        import re
        from matplotlib.text import Text
        from microgradkr import MLP, plot
        hangul = {HANGUL}
        figures = [plot.loss_curve([1.0, 0.5, 0.25], lang="ko"),
                   plot.activation_functions(points=11, lang="ko"),
                   plot.weight_histogram({{"a": [0.1, -0.2], "b": [0.3]}}, lang="ko"),
                   plot.weight_histogram([0.1, -0.2], lang="ko"),
                   plot.decision_boundary(MLP(2, [2, 1], seed=0), [[0, 0], [1, 1]], [0, 1], resolution=5, lang="ko")]
        for fig in figures:
            fig.canvas.draw()  # drawing is when missing glyphs would be reported
            texts = [t.get_text() for t in fig.findobj(Text)]
            assert not [t for t in texts if hangul.search(t)], texts
        print("checked", len(figures))
    """
    done = _run(code, env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "checked 5"
    notices = [line for line in done.stderr.splitlines() if "fonts-nanum" in line]
    assert len(notices) == 1 and "HangulFontWarning" in notices[0]
    assert "한글 글꼴" in notices[0] and "no Hangul font found" in notices[0]  # one line, both languages
    assert "missing from font" not in done.stderr


def test_tour_without_hangul_fonts_draws_english_plots_and_says_so_once(tmp_path):
    env = no_hangul_anywhere(tmp_path)
    # the demos whose plots kept Korean titles before (01, 02, 12), through the tour as a user runs it
    code = """if True:
        import sys
        from microgradkr.tour import run_tour, summary
        from microgradkr.tour.topics import TOPICS
        topics = [t for t in TOPICS if t.script.startswith(("01_", "02_", "12_"))]
        result = run_tour(sys.argv[1], "ko", topics=topics, progress=sys.stdout)
        print(summary(result, "ko"))
    """
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "tour")], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=600)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    progress = [line for line in lines if line.startswith("[")]
    assert len(progress) == 3 and all(line.endswith("초") for line in progress), lines
    assert sum("fonts-nanum" in line for line in lines) == 1
    assert "missing from font" not in done.stdout + done.stderr and done.stderr == ""
