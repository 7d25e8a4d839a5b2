# %% [markdown]
# # 12 뉴턴 방법
#
# *f(x) = x⁴ - 2x²의 최솟값을 2차 미분 f''까지 엔진으로 구해 찾기 (x = 2에서 출발).*
#
# 뉴턴 방법은 x ← x - f'(x) / f''(x)로 최솟값을 찾습니다. f'만 쓰는 경사 하강법과 달리 곡률 f''로 걸음을 정해 훨씬 빠릅니다.
# 엔진은 `grad(..., create_graph=True)`로 f'을 **계산 그래프**째 만들고, 그 그래프를 한 번 더 **역전파**해 f''을 얻습니다.
# f(x) = x⁴ - 2x²를 x = 2에서 출발해 최솟값 x = 1로 찾아갑니다. 미분이 맞는지는 **수치 미분**과 비교하는 **기울기 확인**으로 확인할 수 있습니다.
#
# **실행**: 셀을 위에서부터 차례로 실행하세요(Shift+Enter). 같은 파일을 `python demos/12_newton.py [그림 폴더]`로 실행하면 같은 숫자를 출력하고 그림을 파일로 저장합니다.
#
# *English: write `LANG = "en"` in the `import` cell below (or start Jupyter with `MICROGRADKR_LANG=en`): every printed line, picture and check is then in English.*

# %%
import os

from microgradkr import Value, draw_dot, grad
from microgradkr.exercises import check, hint
from microgradkr.tour import kit

LANG = os.environ.get("MICROGRADKR_LANG", "ko")  # 영어 / English: LANG = "en"
demo = kit.start("12_newton", lang=LANG)
t = demo.t


# %% [markdown]
# ## 입력
#
# x = 2에서 출발해 7번 반복합니다.

# %%
X_START = 2.0
STEPS = 7


def f(x):
    return x ** 4 - 2 * x ** 2


iterates = [X_START]
for step in range(STEPS):
    x = Value(iterates[-1], label="x")
    # ------------------------------------------------------------ 순전파
    y = f(x)
    y.label = "f"
    # ------------------------------------------------------------ 역전파 두 번
    first = grad(y, x, create_graph=True)   # f'(x) = 4x³ - 4x, 그 자체가 계산 그래프
    second = grad(first, x)                 # f''(x) = 12x² - 4, f'의 그래프를 역전파
    iterates.append(x.data - first.data / second)
    if step == 0:
        first.label = "f'"
        print(t(f"x = {x.data:g}: f = {y.data:g}, f' = {first.data:g}, f'' = {second:g}",
                f"x = {x.data:g}: f = {y.data:g}, f' = {first.data:g}, f'' = {second:g}"))
        demo.picture(draw_dot(y, "forward", demo.lang), "f_forward.svg",
                     t("f(x) = x⁴ - 2x²의 계산 그래프", "The graph of f(x) = x⁴ - 2x²"))
        demo.picture(draw_dot(first, "forward", demo.lang), "fprime_graph.svg",
                     t("f'(x)의 계산 그래프: 역전파가 만든 그래프. 이것을 다시 역전파하면 f''",
                       "The graph of f'(x), built by the backward pass; backpropagating it gives f''"))
        second_graph = grad(first, x, create_graph=True)
        second_graph.label = "f''"
        demo.picture(draw_dot(second_graph, "forward", demo.lang), "fsecond_graph.svg",
                     t("f''(x)의 계산 그래프", "The graph of f''(x)"))


# %% [markdown]
# ## 결과
#
# 반복값과, 같은 출발점에서 경사 하강법(학습률 0.01)으로 간 경로의 비교.

# %%
print(t("뉴턴 방법의 반복값 (최솟값은 x = 1):", "Newton's method, the iterates (the minimum is at x = 1):"))
for k, value in enumerate(iterates):
    print(f"  x{k} = {value!r}")

# 비교: 같은 출발점에서 경사 하강법 (학습률 0.01)
x_gd = X_START
descent = [x_gd]
for _ in range(STEPS):
    x = Value(x_gd)
    x_gd = x_gd - 0.01 * grad(f(x), x)
    descent.append(x_gd)
print(t(f"경사 하강법(학습률 0.01) {STEPS}번: x = {descent[-1]:.6f}. 뉴턴 방법은 곡률 f''로 걸음을 정해 훨씬 빠릅니다.",
        f"Gradient descent (lr 0.01), {STEPS} steps: x = {descent[-1]:.6f}. Newton sizes each step by the curvature f''."))


def draw_path(path):
    grid = [-0.5 + 2.7 * i / 199 for i in range(200)]
    with demo.figure(path, width=5.0, height=3.6) as (fig, (ax,)):
        ax.plot(grid, [f(g) for g in grid], color="gray", label=r"$f(x) = x^4 - 2x^2$")  # mathtext: Korean fonts lack ⁴
        ax.plot(iterates, [f(v) for v in iterates], "o-", color="tab:red", markersize=4,
                label=t("뉴턴 방법", "Newton's method"))
        ax.plot(descent, [f(v) for v in descent], "s--", color="tab:blue", markersize=3,
                label=t("경사 하강법", "gradient descent"))
        ax.set_ylim(-1.5, 9)
        ax.set_xlabel("x")
        ax.legend(fontsize="small")


demo.plot("path.png", t("x = 2에서 출발한 뉴턴 방법과 경사 하강법의 경로", "Newton's method and gradient descent from x = 2"),
          draw_path)


# %% [markdown]
# ## 연습 문제
#
# 함수 안의 `...`를 지우고 답을 쓴 뒤 셀을 실행하세요. `check(함수)`가 여러 입력(hypothesis가 고릅니다)에서 여러분의 답을 엔진이 계산한 값과 비교해, 통과인지 아니면 틀린 입력 하나(입력, 기대한 값, 내 답)를 알려 줍니다. 막히면 `hint(함수)`를 실행하세요. 정답은 노트북 어디에도 적혀 있지 않습니다: 엔진이 입력마다 계산합니다.


# %% [markdown]
# ### 연습 1. 뉴턴 방법 한 걸음
#
# f(x) = x⁴ - 2x²에서 뉴턴 방법 한 걸음 뒤의 x를 돌려주세요. f'과 f''은 손으로 미분하세요.

# %%
def newton_step(x):
    """x - f'(x) / f''(x)"""
    ...  # TODO


check(newton_step, lang=LANG)


# %% [markdown]
# ### 연습 2. 2차 미분
#
# f(x) = x⁴ - 2x²의 2차 미분 f''(x)를 돌려주세요.

# %%
def second_derivative(x):
    """f''(x)"""
    ...  # TODO


check(second_derivative, lang=LANG)
