"""Pictures of computational graphs: forward values, backward gradients, a backprop player.

    >>> from microgradkr import Value, draw_dot
    >>> a, b = Value(2.0, 'a'), Value(-3.0, 'b')
    >>> c = a * b
    >>> c.backward()
    >>> print(draw_dot(c, mode='backward').text())
    a   값 2   기울기 -3
    b   값 -3   기울기 2
    c = a × b   값 -6   기울기 1
"""

from .drawing import Drawing, draw_dot
from .network import NetworkDrawing, draw_network, from_weights
from .player import Player, backprop_player
from .render import RendererNotFound, RenderError, find_renderer

__all__ = ["draw_dot", "Drawing", "backprop_player", "Player", "RendererNotFound", "RenderError",
           "find_renderer", "draw_network", "NetworkDrawing", "from_weights"]
