# %% [markdown]
# # 09 최적화 기법
#
# *SGD, Momentum, AdaGrad, Adam이 f(x, y) = x²/20 + y²의 바닥을 찾아가는 길.*
#
# **매개변수 갱신** 방법(최적화 기법) 네 가지가 f(x, y) = x²/20 + y²의 바닥 (0, 0)을 찾아가는 길을 비교합니다.
# 모두 **역전파**로 구한 기울기 ∂f/∂x, ∂f/∂y를 쓰지만 걸음을 정하는 방법이 다릅니다: SGD는 기울기 그대로, Momentum은
# 속도를 쌓아서, AdaGrad는 많이 움직인 방향의 걸음을 줄여서, Adam은 그 둘을 합쳐서.
#
# **실행**: 셀을 위에서부터 차례로 실행하세요(Shift+Enter). 같은 파일을 `python demos/09_optimizers.py [그림 폴더]`로 실행하면 같은 숫자를 출력하고 그림을 파일로 저장합니다.
#
# *English: write `LANG = "en"` in the `import` cell below (or start Jupyter with `MICROGRADKR_LANG=en`): every printed line, picture and check is then in English.*

# %%
import os

from microgradkr import Value, optim
from microgradkr.exercises import check, hint
from microgradkr.tour import kit

LANG = os.environ.get("MICROGRADKR_LANG", "ko")  # 영어 / English: LANG = "en"
demo = kit.start("09_optimizers", lang=LANG)
t = demo.t


# %% [markdown]
# ## 입력 (밑바닥부터 시작하는 딥러닝 6.1)
#
# (-7, 2)에서 출발해 30번 갱신합니다. 학습률은 책의 값입니다.

# %%
START = (-7.0, 2.0)
STEPS = 30
OPTIMIZERS = {                      # 책의 학습률
    "SGD": lambda params: optim.SGD(params, lr=0.95),
    "Momentum": lambda params: optim.Momentum(params, lr=0.1),
    "AdaGrad": lambda params: optim.AdaGrad(params, lr=1.5),
    "Adam": lambda params: optim.Adam(params, lr=0.3),
}


def f(x, y):
    return x ** 2 / 20 + y ** 2


paths = {}
for name, make in OPTIMIZERS.items():
    x, y = Value(START[0], label="x"), Value(START[1], label="y")
    optimizer = make([x, y])
    path = [(x.data, y.data)]
    for _ in range(STEPS):
        loss = f(x, y)              # 순전파
        optimizer.zero_grad()
        loss.backward()             # 역전파: ∂f/∂x = x/10, ∂f/∂y = 2y
        optimizer.step()            # 매개변수 갱신
        path.append((x.data, y.data))
    paths[name] = path


# %% [markdown]
# ## 결과
#
# 30번 뒤의 위치와 네 경로의 그림.

# %%
print(t(f"({START[0]:g}, {START[1]:g})에서 {STEPS}번 갱신한 뒤의 위치 (최솟값은 (0, 0)):",
        f"Where each optimizer is after {STEPS} steps from ({START[0]:g}, {START[1]:g}) (the minimum is (0, 0)):"))
for name, path in paths.items():
    x_end, y_end = path[-1]
    print(f"  {name:9s} x = {x_end!r:>24}  y = {y_end!r:>24}  f = {f(x_end, y_end):.6f}")
print(t("SGD는 가파른 y 방향으로 지그재그로 흔들립니다. Momentum은 공처럼 굴러 지나쳤다가 돌아오고,\n"
        "AdaGrad는 많이 움직인 y 방향의 걸음을 줄여 곧게 가며, Adam은 그 둘을 합친 모습입니다.",
        "SGD zigzags along the steep y direction. Momentum rolls past the bottom like a ball and comes back;\n"
        "AdaGrad shrinks the steps along y, which moved a lot, and goes straight; Adam combines the two."))
print(t("(책의 손 공식 ∂f/∂x = x/10으로는 SGD의 x가 -0.3503929957523197: 역전파는 (1/20)·2x로 계산해\n"
        " 마지막 비트 하나가 다릅니다. PyTorch의 autograd도 같은 값을 냅니다.)",
        "(With the book's hand formula ∂f/∂x = x/10, SGD's x ends at -0.3503929957523197: backprop computes\n"
        " (1/20)·2x, one bit apart at the end, as PyTorch's autograd does.)"))


def draw_paths(path):
    grid = [-10 + 20 * i / 99 for i in range(100)]
    grid_y = [-5 + 10 * i / 99 for i in range(100)]
    heights = [[f(gx, gy) for gx in grid] for gy in grid_y]
    with demo.figure(path, ncols=4, width=3.2, height=2.6) as (fig, axes):
        for ax, (name, points) in zip(axes, paths.items()):
            ax.contour(grid, grid_y, heights, levels=[0.5, 1, 2, 4, 8, 16], colors="lightgray")
            ax.plot([p[0] for p in points], [p[1] for p in points], "o-", color="tab:red",
                    markersize=3, linewidth=1)
            ax.plot([0], [0], "+", color="black")
            ax.set_title(name)
            ax.set_xlim(-10, 10)
            ax.set_ylim(-5, 5)


demo.plot("paths.png", t("네 가지 최적화 기법의 경로 (30번)", "The paths of the four optimizers (30 steps)"), draw_paths)


# %% [markdown]
# ## 연습 문제
#
# 함수 안의 `...`를 지우고 답을 쓴 뒤 셀을 실행하세요. `check(함수)`가 여러 입력(hypothesis가 고릅니다)에서 여러분의 답을 엔진이 계산한 값과 비교해, 통과인지 아니면 틀린 입력 하나(입력, 기대한 값, 내 답)를 알려 줍니다. 막히면 `hint(함수)`를 실행하세요. 정답은 노트북 어디에도 적혀 있지 않습니다: 엔진이 입력마다 계산합니다.


# %% [markdown]
# ### 연습 1. SGD 한 걸음
#
# 매개변수 w, 그 기울기 grad, 학습률 lr을 받아 SGD로 갱신한 새 w를 돌려주세요.

# %%
def sgd_step(w, grad, lr):
    """SGD: 새 w"""
    ...  # TODO


check(sgd_step, lang=LANG)


# %% [markdown]
# ### 연습 2. 모멘텀 한 걸음
#
# 밑바닥 1권의 모멘텀: 속도 v와 기울기 grad로 새 속도와 새 w를 계산해 `(w, v)`를 돌려주세요. check는 v = 0에서 시작해 여러 걸음을 이어서 부릅니다.

# %%
def momentum_step(w, v, grad, lr, momentum):
    """(새 w, 새 v)"""
    ...  # TODO


check(momentum_step, lang=LANG)
