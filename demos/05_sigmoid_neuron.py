# %% [markdown]
# # 05 시그모이드 뉴런 하나의 학습
#
# *입력 1 → 목표 0, 그리고 편향이 없으면 배우지 못하는 입력 0 → 목표 1.*
#
# **가중치** w 하나와 시그모이드 **활성화 함수**로 된 뉴런 y = σ(w·x)를 학습시킵니다. 먼저 튜토리얼의 손 규칙
# w ← w + x·α·오차와, 손실 L = ½(y - 목표)²을 **역전파**해 얻은 ∂L/∂w로 하는 **매개변수 갱신** w ← w - α·∂L/∂w를 비교합니다.
# 그다음 입력이 0이면 w·0 = 0이라 **편향**이 없는 뉴런은 아무것도 배우지 못하고, 편향 b를 더하면 배운다는 것을 봅니다.
#
# **실행**: 셀을 위에서부터 차례로 실행하세요(Shift+Enter). 같은 파일을 `python demos/05_sigmoid_neuron.py [그림 폴더]`로 실행하면 같은 숫자를 출력하고 그림을 파일로 저장합니다.
#
# *English: write `LANG = "en"` in the `import` cell below (or start Jupyter with `MICROGRADKR_LANG=en`): every printed line, picture and check is then in English.*

# %%
import math
import os

from microgradkr import Value, draw_dot, linear
from microgradkr.exercises import check, hint
from microgradkr.tour import kit

LANG = os.environ.get("MICROGRADKR_LANG", "ko")  # 영어 / English: LANG = "en"
demo = kit.start("05_sigmoid_neuron", lang=LANG)
t = demo.t


# %% [markdown]
# ## 입력
#
# 가중치 초기값 0.6, 학습률 α = 0.5, 1000번 갱신.

# %%
W_START = 0.6       # 가중치 초기값
ALPHA = 0.5         # 학습률 α
STEPS = 1000
SHOW = (0, 10, 100, 1000)


# %% [markdown]
# ## 1) 입력 1 → 목표 0
#
# 같은 문제를 두 규칙으로 풉니다. backward()의 기울기에는 σ'(= y(1 - y))가 곱해집니다.

# %%
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


# %% [markdown]
# ## 2) 입력 0 → 목표 1
#
# 편향이 없을 때와 있을 때. 첫 단계의 계산 그래프를 그려 ∂L/∂w와 ∂L/∂b를 봅니다.

# %%
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


# %% [markdown]
# ## 연습 문제
#
# 함수 안의 `...`를 지우고 답을 쓴 뒤 셀을 실행하세요. `check(함수)`가 여러 입력(hypothesis가 고릅니다)에서 여러분의 답을 엔진이 계산한 값과 비교해, 통과인지 아니면 틀린 입력 하나(입력, 기대한 값, 내 답)를 알려 줍니다. 막히면 `hint(함수)`를 실행하세요. 정답은 노트북 어디에도 적혀 있지 않습니다: 엔진이 입력마다 계산합니다.


# %% [markdown]
# ### 연습 1. Value로 만드는 뉴런
#
# `w`, `x`, `b`는 `Value`입니다. 시그모이드 뉴런의 출력 y = σ(w·x + b)를 `Value`로 만들어 돌려주세요. check가 여러분의 그래프를 역전파해 ∂y/∂w, ∂y/∂x, ∂y/∂b까지 비교합니다.

# %%
def neuron(w, x, b):
    """σ(w·x + b)를 Value로"""
    ...  # TODO


check(neuron, lang=LANG)


# %% [markdown]
# ### 연습 2. 매개변수 갱신 한 번
#
# y = σ(w·x), L = ½(y - target)²일 때 경사 하강법 한 걸음 뒤의 새 w를 실수로 계산해 돌려주세요 (학습률 alpha).

# %%
def neuron_step(w, x, target, alpha):
    """w - alpha·∂L/∂w"""
    ...  # TODO


check(neuron_step, lang=LANG)
