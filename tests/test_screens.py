"""Pictures cut into screens (draw/screens.py) and the compact network views (draw_network most=, focus=)."""

import re

import pytest

from microgradkr import MLP, data, draw_dot, draw_network, gates
from microgradkr.draw.fitting import MIN_SCALE, svg_size_px
from microgradkr.draw.screens import SCREEN, scale_on_screen, screens

SVG_NODE = re.compile(r'<g id="(mgk[^"]*)" class="node">(.*?)</g>', re.S)


def _node_spans(svg):
    """Each value box's vertical extent, in viewBox units."""
    shift = float(re.search(r'translate\(([-0-9.]+) ([-0-9.]+)\)', svg).group(2))
    spans = {}
    for name, body in SVG_NODE.findall(svg):
        ys = [float(pair.split(",")[1]) for points in re.findall(r'points="([^"]+)"', body) for pair in points.split()]
        if ys:
            spans[name] = (min(ys) + shift, max(ys) + shift)
    return spans


def test_a_long_graph_is_cut_between_its_boxes_into_parts_that_fit():
    circuit = gates.xor_gate(1, 0).backward()
    whole = draw_dot(circuit, "backward").svg()
    width, height = svg_size_px(whole)
    assert scale_on_screen(width, height) < MIN_SCALE  # too tall for a screen as it is
    parts = screens(whole)
    assert len(parts) >= 3
    views = []
    for part in parts:
        assert scale_on_screen(*svg_size_px(part)) >= MIN_SCALE
        views.append([float(v) for v in re.search(r'viewBox="([^"]+)"', part).group(1).split()])
    # together the parts are the whole picture, top to bottom, with nothing left out
    assert views[0][1] == 0 and abs(sum(v[3] for v in views) - height * 3 / 4) < 1
    for upper, lower in zip(views, views[1:]):
        assert abs(upper[1] + upper[3] - lower[1]) < 0.01
    # and no box is cut: every one lies inside a single part
    for name, (top, bottom) in _node_spans(whole).items():
        assert any(v[1] <= top and bottom <= v[1] + v[3] for v in views), name


def test_a_picture_that_fits_stays_whole():
    svg = draw_dot(gates.apple().backward(), "backward").svg()
    assert screens(svg) == [svg]


@pytest.fixture(scope="module")
def moons_model():
    return MLP(2, [16, 16, 1], seed=1), data.moons(100, noise=0.1, seed=1, signed=True)[0][0]


def test_compact_network_view_fits_a_screen_and_keeps_every_number_in_the_listing(moons_model):
    model, x = moons_model
    full = draw_network(model, x)
    compact = draw_network(model, x, most=4)
    assert scale_on_screen(*svg_size_px(full.svg())) < MIN_SCALE
    assert scale_on_screen(*svg_size_px(compact.svg())) >= MIN_SCALE
    svg = compact.svg()
    assert "12개 더" in svg and "L1.N16" in svg and "L1.N5 " not in svg
    assert compact.text() == full.text()  # the listing still has all 16 neurons and every weight
    assert compact.source.count('id="mgk-w') == 2 * 4 + 4 * 4 + 4 * 1  # the weights between drawn circles


def test_focus_shows_one_neurons_weights_and_the_rest_faint(moons_model):
    model, x = moons_model
    drawing = draw_network(model, x, most=4, focus="L2.N9", lang="en")
    svg = drawing.svg()
    assert "L2.N9" in svg  # drawn although the compact view shows L2.N1-3 and L2.N16
    weight = model.layers[1].neurons[8].w[0].data
    assert f"{weight:.4f}".rstrip("0") in svg  # its weights carry their numbers
    assert "#d5d5d5" in drawing.source  # the others are faint
    with pytest.raises(ValueError, match="L9.N1"):
        draw_network(model, x, focus="L9.N1")
