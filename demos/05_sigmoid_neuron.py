"""05 시그모이드 뉴런 하나의 학습: 입력 1 → 목표 0, 그리고 편향이 없으면 배우지 못하는 입력 0 → 목표 1.

실행: python demos/05_sigmoid_neuron.py [그림 폴더]
"""

from microgradkr import Value, draw_dot, linear
from microgradkr.tour import kit

demo = kit.start(__file__)
t = demo.t

# ---------------------------------------------------------------- 입력
W_START = 0.6       # 가중치 초기값
ALPHA = 0.5         # 학습률 α
STEPS = 1000
SHOW = (0, 10, 100, 1000)

# ---------------------------------------------------------------- 1) 입력 1 → 목표 0
# 튜토리얼의 규칙: 오차 = 목표 - 출력, w ← w + x·α·오차 (손으로 쓴 갱신)
x, target = 1.0, 0.0
w = W_START
hand = [Value(w * x).sigmoid().data]
for _ in range(STEPS):
    y = Value(w * x).sigmoid().data      # 순전파
    w = w + x * ALPHA * (target - y)     # 매개변수 갱신
    hand.append(Value(w * x).sigmoid().data)

# 같은 일을 backward()로: 손실 L = ½(y - 목표)², w ← w - α·∂L/∂w
w = Value(W_START, label="w")
auto = []
for step in range(STEPS + 1):
    y = linear([w], [x]).sigmoid()       # 순전파: y = σ(w·x)
    auto.append(y.data)
    if step == STEPS:
        break
    loss = 0.5 * (y - target) ** 2
    w.grad = 0.0
    loss.backward()                      # 역전파: ∂L/∂w = (y - 목표)·y(1 - y)·x
    w.data -= ALPHA * w.grad

print(t("1) 입력 1 → 목표 0, 출력 y = σ(w·x)", "1) input 1 → target 0, output y = σ(w·x)"))
print(t("   단계   w + x·α·오차     backward()", "   step   w + x·α·error    backward()"))
for k in SHOW:
    print(f"   {k:4d}   {hand[k]:.6f}         {auto[k]:.6f}")
print(t("   둘 다 0으로 갑니다. backward()의 기울기에는 σ'(=y(1-y))가 곱해져 걸음이 더 작습니다.",
        "   Both go to 0; backward()'s gradient carries the factor σ' = y(1-y), so its steps are smaller."))

# ---------------------------------------------------------------- 2) 입력 0 → 목표 1
x, target = 0.0, 1.0
runs = {}
for use_bias in (False, True):
    w = Value(W_START, label="w")
    b = Value(0.0, label="b") if use_bias else None
    # 그림에 이름이 보이도록 입력, 목표, ½도 이름표를 단 Value로 (숫자는 같습니다)
    x_in = Value(x, label="x")
    goal = Value(target, label=t("목표", "target"))
    half = Value(0.5, label="½")
    outputs = []
    for step in range(STEPS + 1):
        z = linear([w], [x_in], b)           # 순전파: w·x (+ b)
        z.label = t("가중합", "weighted sum")
        y = z.sigmoid()
        y.label = "y"
        outputs.append(y.data)
        if step == STEPS:
            break
        error = y - goal
        error.label = t("오차", "error")
        squared = error ** 2
        squared.label = t("오차²", "error²")
        loss = half * squared
        loss.label = "L"
        w.grad = 0.0
        if b is not None:
            b.grad = 0.0
        loss.backward()                      # 역전파
        if step == 0:  # 첫 단계의 그래프를 그려 둡니다
            name = "with_bias" if use_bias else "no_bias"
            demo.picture(draw_dot(loss, "backward", demo.lang), f"{name}_backward.svg",
                         t("편향 있음: ∂L/∂b가 0이 아닙니다", "With a bias: ∂L/∂b is not 0") if use_bias else
                         t("편향 없음: 입력이 0이라 ∂L/∂w = 0", "No bias: the input is 0, so ∂L/∂w = 0"))
            demo.player(loss, f"{name}_player.html", t("역전파 재생기: 첫 단계의 손실", "Backprop player: the first step's loss"))
            first_grads = (w.grad, b.grad if b is not None else None)
        for p in (w, b):
            if p is not None:
                p.data -= ALPHA * p.grad
    runs[use_bias] = outputs
    label = t("편향 있음", "with bias") if use_bias else t("편향 없음", "no bias")
    grads = f"∂L/∂w = {first_grads[0]:g}" + (f", ∂L/∂b = {first_grads[1]:g}" if use_bias else "")
    print(t(f"2) 입력 0 → 목표 1, {label}: 처음 {grads}; 출력 {outputs[0]:.4f} → {outputs[-1]:.4f}",
            f"2) input 0 → target 1, {label}: first {grads}; output {outputs[0]:.4f} → {outputs[-1]:.4f}"))
print(t("   편향이 없으면 w·0 = 0이라 출력은 언제나 σ(0) = 0.5이고 기울기도 0: 배울 수 없습니다.",
        "   Without a bias w·0 = 0, so the output stays σ(0) = 0.5 and the gradient is 0: it cannot learn."))


def draw_outputs(path):
    with demo.figure(path, ncols=2, width=3.8, height=3.0) as (fig, (left, right)):
        left.plot(hand, label="w + x·α·" + t("오차", "error"))
        left.plot(auto, label="backward()")
        left.set_title(t("입력 1, 목표 0", "input 1, target 0"))
        left.legend(fontsize="small")
        right.plot(runs[False], label=t("편향 없음", "no bias"))
        right.plot(runs[True], label=t("편향 있음", "with bias"))
        right.set_title(t("입력 0, 목표 1", "input 0, target 1"))
        right.legend(fontsize="small")
        for ax in (left, right):
            ax.set_xlabel(t("단계", "step"))
            ax.set_ylabel(t("출력 y", "output y"))


demo.plot("outputs.png", t("학습하는 동안의 출력", "The output while learning"), draw_outputs)
