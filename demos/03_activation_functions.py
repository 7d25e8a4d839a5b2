"""03 활성화 함수: 계단, 시그모이드, ReLU, tanh와 그 미분. 미분은 손으로 쓴 공식이 아니라 엔진의 역전파로 구합니다.

실행: python demos/03_activation_functions.py [그림 폴더]
"""

from microgradkr import Value, draw_dot, plot
from microgradkr.tour import kit

demo = kit.start(__file__)
t = demo.t

# ---------------------------------------------------------------- 입력
NAMES = ("step", "sigmoid", "relu", "tanh")
POINTS = [-2.0, -0.5, 0.0, 0.5, 2.0]

print(t("x에서의 f(x)와 f'(x) (f'은 backward()로 구한 x.grad)",
        "f(x) and f'(x) at each x (f' is x.grad after backward())"))
print("  " + " " * 8 + "".join(f"{x:>9g}{'':8s}" for x in POINTS))
for name in NAMES:
    values, slopes = [], []
    for x0 in POINTS:
        x = Value(x0, label="x")
        # 순전파: 활성화 함수 하나
        y = getattr(x, name)()
        # 역전파: ∂y/∂x가 x.grad에 들어갑니다
        y.backward()
        values.append(y.data)
        slopes.append(x.grad)
    print(f"  {name:8s}" + "".join(f"{v:>9.4f} / {s:<5.3f}" for v, s in zip(values, slopes)))

# 시그모이드의 미분은 σ(x)(1 - σ(x)): x = 0에서 0.5 × 0.5 = 0.25
x = Value(0.0, label="x")
y = x.sigmoid()
y.label = "y"
y.backward()
print(t(f"\n시그모이드: σ(0) = {y.data}, σ'(0) = {x.grad} = σ(0)·(1 - σ(0))",
        f"\nsigmoid: σ(0) = {y.data}, σ'(0) = {x.grad} = σ(0)·(1 - σ(0))"))
print(t("계단 함수의 미분은 어디서나 0, ReLU의 미분은 x > 0에서 1 (x = 0에서는 PyTorch처럼 0)",
        "The step function's derivative is 0 everywhere; ReLU's is 1 for x > 0 (0 at x = 0, as PyTorch)"))
demo.picture(draw_dot(y, "backward", demo.lang), "sigmoid_backward.svg",
             t("시그모이드 노드의 역전파: 국소적 미분 0.25", "A sigmoid node backward: local gradient 0.25"))
demo.player(y, "sigmoid_player.html", t("역전파 재생기: 시그모이드 노드", "Backprop player: a sigmoid node"))

demo.plot("activations.png", t("활성화 함수(실선)와 역전파로 구한 미분(점선)",
                               "Activation functions (solid) and their derivatives by backprop (dashed)"),
          lambda path: plot.activation_functions(NAMES, path=path, lang=demo.lang))
