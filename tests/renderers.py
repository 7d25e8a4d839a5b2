"""Whether a Graphviz renderer is here, for tests that draw real SVG."""

import pytest

from microgradkr.draw.render import RendererNotFound, find_renderer


def has_renderer() -> bool:
    try:
        find_renderer()
    except RendererNotFound:
        return False
    return True


needs_renderer = pytest.mark.skipif(not has_renderer(), reason="pip install graphviz-pure (see README)")
