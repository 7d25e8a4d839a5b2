"""12 뉴턴 방법: f(x) = x⁴ - 2x²의 최솟값을 2차 미분 f''까지 엔진으로 구해 찾기 (x = 2에서 출발).

x ← x - f'(x) / f''(x). f'은 grad(..., create_graph=True)로 그래프째 만들고, 그 그래프를 한 번 더
미분해 f''을 얻습니다. 실행: python demos/12_newton.py [그림 폴더]
"""

from microgradkr import Value, draw_dot, grad
from microgradkr.tour import kit

demo = kit.start(__file__)
t = demo.t

# ---------------------------------------------------------------- 입력
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

# ---------------------------------------------------------------- 결과
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
