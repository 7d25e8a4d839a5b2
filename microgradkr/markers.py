"""The named constants a node's fields may hold (see the field layout in engine.py's Value)."""


class _Marker:
    """A named constant, kept as one object by copy and pickle."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name

    def __reduce__(self) -> str:
        return self.name


MANY = _Marker("MANY")  # the _b of a node with its operands in a tuple (sum, linear)
NO_GRAD = _Marker("NO_GRAD")  # the _row of a leaf made with requires_grad=False
CLOSURE = ()  # the _da of a node made micrograd's way: its _db holds the _backward closure
