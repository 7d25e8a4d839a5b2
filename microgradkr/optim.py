"""Optimizers (매개변수 갱신): SGD, Momentum, AdaGrad, Adam.

Each one holds a list of parameters (leaf Values), reads their ``.grad`` in
``step()`` and changes their ``.data``; ``zero_grad()`` clears the gradients
for the next backward pass.  The arithmetic follows PyTorch's ``torch.optim``
(the same formulas, defaults and order of operations), so a trajectory agrees
with PyTorch's in all but the last bits (relative differences near 1e-14:
PyTorch fuses some multiply-adds on the CPU).

The book 밑바닥부터 시작하는 딥러닝 (DLFS, 6.1) writes Momentum, AdaGrad and
Adam a little differently; ``formula='dlfs'`` selects the book's version:

- Momentum: PyTorch v = μ·v + g, p -= lr·v.  DLFS v = μ·v - lr·g, p += v
  (the same steps for a fixed lr; they differ in the last bits).
- AdaGrad: PyTorch p -= lr·g / (√h + 1e-10).  DLFS p -= lr·g / (√h + 1e-7).
- Adam: PyTorch corrects m and v for their bias and adds eps = 1e-8 to the
  corrected √v̂.  DLFS folds the correction into the learning rate,
  lr·√(1-β₂ᵗ)/(1-β₁ᵗ), and adds 1e-7 to the uncorrected √v.

On the book's f(x, y) = x²/20 + y² from (-7, 2), 30 steps of SGD with lr 0.95
end at (-0.3503929957523197, 0.0847823165504322) with the book's gradient
(x/10, 2y).  backward() on ``x**2/20 + y**2`` gives 0.05·(2x) instead, as
torch.autograd does (-0.7000000000000001 at x = -7, not -0.7), and ends one
bit away at x = -0.3503929957523195: floats, not the optimizer.

``weight_decay`` adds weight_decay·p to each gradient first (L2 regularisation,
as PyTorch; the book adds λ·W to the gradient the same way).

The book's way of calling them works too: made without parameters,
``SGD(lr=0.95)``, ``Momentum(lr=0.1)``, ``AdaGrad(lr=1.5)``,
``Adam(lr=0.3, beta1=0.9, beta2=0.999)``, then ``update(params, grads)``
with two dicts (name → parameter, name → gradient) every step.  Made that
way, an optimizer follows the book: ``formula='dlfs'`` and its defaults
(SGD's lr is then 0.01, the book's, instead of PyTorch's 1e-3; the others'
defaults are the same in both).  A parameter that is a Value gets a new
``.data``; a number, which Python cannot change in place as the book's numpy
arrays are, is replaced in the dict.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Dict, Hashable, Iterable, List, Optional, Tuple

from .checks import choice, flag, number, sequence
from .engine import Value
from .messages import message

FORMULAS = ("pytorch", "dlfs")


class _BookStyle:
    """The default of ``params``: left out, as the book does, for ``update(params, grads)``.

    Not None, so that ``SGD(None)`` (a parameter list that is missing by
    mistake, e.g. a function that returned nothing) is an error, not the book's style.
    """

    def __repr__(self) -> str:
        return "BOOK_STYLE"


BOOK_STYLE = _BookStyle()


def _default_formula(formula: Optional[str], params, where: str) -> str:
    # made as the book makes them (no parameter list), they compute as the book does
    if formula is None:
        return "dlfs" if params is BOOK_STYLE else "pytorch"
    return choice(formula, f"{where}: formula", FORMULAS)


class Optimizer:
    """Base class: the parameter list, ``zero_grad``, weight decay and the book's ``update``.

    ``params`` may be left out (``BOOK_STYLE``) for the book's style: ``update(params, grads)``.
    """

    def __init__(self, params: Iterable[Value], lr: float, weight_decay: float = 0.0):
        where = type(self).__name__
        if params is None:
            raise TypeError(message("nn_params_none", cls=where))
        if params is BOOK_STYLE:
            params = None
        if isinstance(params, (int, float)) and not isinstance(params, bool):
            raise TypeError(message("nn_params_is_number", cls=where, value=repr(params)[:60]))
        if params is not None and (isinstance(params, (Value, str, bytes)) or not hasattr(params, "__iter__")):
            raise TypeError(message("nn_bad_params", where=where, index="", value=repr(params)[:60],
                                    type=type(params).__name__))
        self.params: List[Value] = []
        self._slots: Dict[Hashable, int] = {}  # the book's dict keys → their place in the state lists
        seen = set()
        for i, p in enumerate(params or ()):
            if not isinstance(p, Value):
                raise TypeError(message("nn_bad_params", where=where, index=f"[{i}]", value=repr(p)[:60],
                                        type=type(p).__name__))
            if p not in seen:  # a shared parameter is updated once per step
                seen.add(p)
                self.params.append(p)
        if params is not None and not self.params:  # as PyTorch: nothing to update is a mistake
            raise ValueError(message("empty", what=f"{where}: params"))
        self.lr = number(lr, f"{where}: lr")
        self.weight_decay = number(weight_decay, f"{where}: weight_decay")
        self.steps = 0

    def zero_grad(self) -> None:
        """Set every parameter's gradient to 0."""
        for p in self.params:
            p.grad = 0.0

    def _gradients(self) -> List[Tuple[int, Value, float]]:
        decay = self.weight_decay
        return [(i, p, p.grad + decay * p.data if decay else p.grad)
                for i, p in enumerate(self.params)]

    def step(self) -> None:
        """Update every parameter once from its ``.grad``."""
        if not self.params:  # made the book's way, without a parameter list
            raise ValueError(message("nn_step_without_params", cls=type(self).__name__))
        self.steps += 1
        for i, p, g in self._gradients():
            p.data = self._update(i, p.data, g)

    def update(self, params: Mapping, grads: Mapping) -> None:
        """The book's (DLFS 6.1) call: update every ``params[key]`` from ``grads[key]``.

        ``params`` maps names to Values (their ``.data`` changes) or numbers
        (the dict entry is replaced); ``grads`` maps the same names to numbers.
        Each name keeps its own state (velocity, history) between calls.
        """
        for name, value in (("params", params), ("grads", grads)):
            if not isinstance(value, Mapping):
                raise TypeError(message("nn_update_not_dict", what=name, value=repr(value)[:60],
                                        type=type(value).__name__))
        # every entry is checked before the first one changes: an error leaves all as it was
        for key, p in params.items():
            if key not in grads:
                raise ValueError(message("nn_update_missing_grad", name=repr(key)))
            for what, entry, allowed in (("params", p, (int, float, Value)), ("grads", grads[key], (int, float))):
                if isinstance(entry, bool) or not isinstance(entry, allowed):
                    raise TypeError(message("nn_update_bad_entry", what=what, name=repr(key),
                                            value=repr(entry)[:60], type=type(entry).__name__))
        self.steps += 1
        decay = self.weight_decay
        for key, p in list(params.items()):
            i = self._slot(key)
            data = p.data if isinstance(p, Value) else float(p)
            g = float(grads[key])
            new = self._update(i, data, g + decay * data if decay else g)
            if isinstance(p, Value):
                p.data = new
            else:  # a number cannot change in place (a numpy array could): replace the entry
                params[key] = new

    def _slot(self, key) -> int:
        if key not in self._slots:
            self._slots[key] = self._new_slot()
        return self._slots[key]

    def _new_slot(self) -> int:
        """Room for one more parameter's state (after those of ``params``); its index."""
        return len(self.params) + len(self._slots)

    def _update(self, i: int, p: float, g: float) -> float:
        raise NotImplementedError

    def __repr__(self) -> str:
        settings = ", ".join(f"{k}={v!r}" for k, v in vars(self).items()
                             if not k.startswith("_") and k not in ("params", "steps"))
        return f"{type(self).__name__}({settings})"


#: SGD's learning rate when none is given: PyTorch's, or the book's for SGD(lr=...).update(...)
SGD_LR = {"pytorch": 1e-3, "dlfs": 0.01}


class SGD(Optimizer):
    """Stochastic gradient descent (확률적 경사 하강법), PyTorch's ``torch.optim.SGD``.

    Plain: p -= lr·g.  With ``momentum`` μ > 0: v = μ·v + (1 - dampening)·g
    (v = g on the first step), p -= lr·v; ``nesterov=True`` steps along
    g + μ·v instead.  lr defaults to 1e-3 (PyTorch), or to the book's 0.01
    when made without parameters (``SGD().update(params, grads)``).
    """

    def __init__(self, params=BOOK_STYLE, lr: Optional[float] = None, momentum: float = 0.0,
                 dampening: float = 0.0, weight_decay: float = 0.0, nesterov: bool = False):
        if lr is None:
            lr = SGD_LR["dlfs" if params is BOOK_STYLE else "pytorch"]
        super().__init__(params, lr, weight_decay)
        self.momentum = number(momentum, f"{type(self).__name__}: momentum")
        self.dampening = number(dampening, f"{type(self).__name__}: dampening")
        self.nesterov = flag(nesterov, f"{type(self).__name__}: nesterov")
        if self.nesterov and (self.momentum == 0.0 or self.dampening != 0.0):
            raise ValueError(message("nn_nesterov"))
        self._velocity: List = [None] * len(self.params)

    def _new_slot(self) -> int:
        self._velocity.append(None)
        return len(self._velocity) - 1

    def _update(self, i, p, g):
        if self.momentum:
            v = self._velocity[i]
            v = g if v is None else self.momentum * v + (1.0 - self.dampening) * g
            self._velocity[i] = v
            g = g + self.momentum * v if self.nesterov else v
        return p - self.lr * g


class Momentum(SGD):
    """SGD with momentum (모멘텀), μ = 0.9 by default.

    ``formula='pytorch'`` (default): v = μ·v + g, p -= lr·v.
    ``formula='dlfs'`` (the default when made without parameters, as the
    book): v = μ·v - lr·g, p += v.
    """

    def __init__(self, params=BOOK_STYLE, lr: float = 0.01, momentum: float = 0.9,
                 weight_decay: float = 0.0, formula: Optional[str] = None):
        super().__init__(params, lr, momentum=momentum, weight_decay=weight_decay)
        self.formula = _default_formula(formula, params, "Momentum")

    def _update(self, i, p, g):
        if self.formula == "pytorch":
            return super()._update(i, p, g)
        v = self._velocity[i] or 0.0
        v = self.momentum * v - self.lr * g
        self._velocity[i] = v
        return p + v


class AdaGrad(Optimizer):
    """AdaGrad: each parameter's step shrinks with its own history of gradients.

    h += g², p -= lr·g / (√h + eps); PyTorch's ``Adagrad`` (lr 0.01, eps 1e-10).
    ``formula='dlfs'`` (the default when made without parameters):
    p -= lr·g / (√h + 1e-7), computed as the book does.
    """

    def __init__(self, params=BOOK_STYLE, lr: float = 0.01, eps: float = 1e-10, weight_decay: float = 0.0,
                 formula: Optional[str] = None):
        super().__init__(params, lr, weight_decay)
        self.formula = _default_formula(formula, params, "AdaGrad")
        self.eps = number(eps, "AdaGrad: eps")
        self._sum_of_squares = [0.0] * len(self.params)

    def _new_slot(self) -> int:
        self._sum_of_squares.append(0.0)
        return len(self._sum_of_squares) - 1

    def _update(self, i, p, g):
        h = self._sum_of_squares[i] + g * g
        self._sum_of_squares[i] = h
        if self.formula == "dlfs":
            return p - self.lr * g / (math.sqrt(h) + 1e-7)
        return p - self.lr * (g / (math.sqrt(h) + self.eps))


class Adam(Optimizer):
    """Adam: momentum (m) and AdaGrad-like scaling (v), corrected for their start at 0.

    PyTorch's ``Adam`` (lr 1e-3, betas (0.9, 0.999), eps 1e-8):
    m += (1-β₁)·(g - m); v = β₂·v + (1-β₂)·g²;
    p -= lr/(1-β₁ᵗ) · m / (√v / √(1-β₂ᵗ) + eps).
    ``formula='dlfs'`` (the default when made without parameters): the
    book's lr·√(1-β₂ᵗ)/(1-β₁ᵗ) · m / (√v + 1e-7).  The book's ``beta1=`` and
    ``beta2=`` are accepted for ``betas=(beta1, beta2)``.
    """

    def __init__(self, params=BOOK_STYLE, lr: float = 1e-3, betas: Optional[Tuple[float, float]] = None,
                 eps: float = 1e-8, weight_decay: float = 0.0, formula: Optional[str] = None,
                 beta1: Optional[float] = None, beta2: Optional[float] = None):
        super().__init__(params, lr, weight_decay)
        self.formula = _default_formula(formula, params, "Adam")
        if betas is not None and (beta1 is not None or beta2 is not None):
            raise ValueError(message("nn_betas_twice", betas=repr(betas), beta1=beta1, beta2=beta2))
        if betas is None:  # the book's beta1, beta2 (or their defaults)
            names = ("Adam: beta1", "Adam: beta2")
            betas = (0.9 if beta1 is None else beta1, 0.999 if beta2 is None else beta2)
        else:
            names = ("Adam: betas[0]", "Adam: betas[1]")
            betas = sequence(betas, "Adam: betas")
            if len(betas) != 2:
                raise ValueError(message("nn_bad_betas", value=repr(betas)[:60]))
        self.betas = tuple(number(beta, name, high=1.0, high_inclusive=False)
                           for name, beta in zip(names, betas))
        self.eps = number(eps, "Adam: eps")
        self._m = [0.0] * len(self.params)
        self._v = [0.0] * len(self.params)

    def _new_slot(self) -> int:
        self._m.append(0.0)
        self._v.append(0.0)
        return len(self._m) - 1

    def _update(self, i, p, g):
        beta1, beta2 = self.betas
        t = self.steps
        # m moves a fraction (1-β₁) of the way to g: PyTorch's lerp, the book's m += (1-β₁)(g-m)
        m = self._m[i] + (1.0 - beta1) * (g - self._m[i])
        if self.formula == "dlfs":
            v = self._v[i] + (1.0 - beta2) * (g * g - self._v[i])
        else:
            v = beta2 * self._v[i] + (1.0 - beta2) * g * g
        self._m[i], self._v[i] = m, v
        if self.formula == "dlfs":
            lr_t = self.lr * math.sqrt(1.0 - beta2 ** t) / (1.0 - beta1 ** t)
            return p - lr_t * m / (math.sqrt(v) + 1e-7)
        step_size = self.lr / (1.0 - beta1 ** t)
        denom = math.sqrt(v) / math.sqrt(1.0 - beta2 ** t) + self.eps
        return p - step_size * (m / denom)
