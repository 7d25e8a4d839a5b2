"""09 최적화 기법: SGD, Momentum, AdaGrad, Adam이 f(x, y) = x²/20 + y²의 바닥을 찾아가는 길.

실행: python demos/09_optimizers.py [그림 폴더]
"""

from microgradkr import Value, optim
from microgradkr.tour import kit

demo = kit.start(__file__)
t = demo.t

# ---------------------------------------------------------------- 입력 (밑바닥부터 시작하는 딥러닝 6.1)
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

# ---------------------------------------------------------------- 결과
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
