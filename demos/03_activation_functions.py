# %% [markdown]
# # 03 활성화 함수
#
# *계단, 시그모이드, ReLU, tanh와 그 미분. 미분은 손으로 쓴 공식이 아니라 엔진의 역전파로 구합니다.*
#
# **활성화 함수**는 뉴런의 가중합을 출력으로 바꿉니다: 계단 함수, 시그모이드, ReLU, tanh. **역전파**에는 그 미분이
# 필요한데, 여기서는 미분 공식을 손으로 쓰지 않습니다. 값 하나짜리 **계산 그래프**를 만들고 `backward()`를 부르면
# 엔진이 **국소적 계산**으로 구한 미분이 `x.grad`에 들어갑니다. 시그모이드의 미분은 σ(x)(1 - σ(x))라서 x = 0에서 0.25입니다.
#
# **실행**: 셀을 위에서부터 차례로 실행하세요(Shift+Enter). 같은 파일을 `python demos/03_activation_functions.py [그림 폴더]`로 실행하면 같은 숫자를 출력하고 그림을 파일로 저장합니다.
#
# *English: write `LANG = "en"` in the `import` cell below (or start Jupyter with `MICROGRADKR_LANG=en`): every printed line, picture and check is then in English.*

# %%
import math
import os

from microgradkr import Value, draw_dot, plot
from microgradkr.exercises import check, hint
from microgradkr.tour import kit

LANG = os.environ.get("MICROGRADKR_LANG", "ko")  # 영어 / English: LANG = "en"
demo = kit.start("03_activation_functions", lang=LANG)
t = demo.t


# %% [markdown]
# ## 입력
#
# 다섯 점 x에서 네 활성화 함수의 값 f(x)와 backward()로 구한 미분 f'(x)를 표로 출력합니다. 그 뒤 시그모이드 노드 하나의 역전파 그림과 네 함수의 그래프를 봅니다.

# %%
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


# %% [markdown]
# ## 연습 문제
#
# 함수 안의 `...`를 지우고 답을 쓴 뒤 셀을 실행하세요. `check(함수)`가 여러 입력(hypothesis가 고릅니다)에서 여러분의 답을 엔진이 계산한 값과 비교해, 통과인지 아니면 틀린 입력 하나(입력, 기대한 값, 내 답)를 알려 줍니다. 막히면 `hint(함수)`를 실행하세요. 정답은 노트북 어디에도 적혀 있지 않습니다: 엔진이 입력마다 계산합니다.


# %% [markdown]
# ### 연습 1. 시그모이드의 미분
#
# x에서 시그모이드의 미분 σ'(x)를 돌려주세요 (math.exp를 쓰세요).

# %%
def sigmoid_grad(x):
    """σ'(x)"""
    ...  # TODO


check(sigmoid_grad, lang=LANG)


# %% [markdown]
# ### 연습 2. tanh의 미분
#
# x에서 tanh의 미분을 돌려주세요.

# %%
def tanh_grad(x):
    """tanh'(x)"""
    ...  # TODO


check(tanh_grad, lang=LANG)


# %% [markdown]
# ### 연습 3. ReLU의 미분
#
# x에서 ReLU의 미분을 돌려주세요. x = 0에서는 PyTorch처럼 0입니다.

# %%
def relu_grad(x):
    """relu'(x)"""
    ...  # TODO


check(relu_grad, lang=LANG)
