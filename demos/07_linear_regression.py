# %% [markdown]
# # 07 선형 회귀 y = ax + b
#
# *잡음 섞인 점 50개에 직선 맞추기, 그리고 공부 시간과 성적 (a = 2.3, b = 79).*
#
# 직선 y = ax + b를 점들에 맞춥니다. 평균 제곱 오차 L을 **순전파**로 계산하고, **역전파**로 ∂L/∂a와 ∂L/∂b를 구해
# 그 반대 방향으로 조금씩 움직이는 **매개변수 갱신**(경사 하강법)을 되풀이합니다. 이 노트북에서 '기울기 a'는 직선의 기울기이고,
# 손실의 미분은 ∂L/∂a로 씁니다. 공부 시간과 성적 데이터는 기울기 a = 2.3, 절편 b = 79로 수렴합니다.
#
# **실행**: 셀을 위에서부터 차례로 실행하세요(Shift+Enter). 같은 파일을 `python demos/07_linear_regression.py [그림 폴더]`로 실행하면 같은 숫자를 출력하고 그림을 파일로 저장합니다.
#
# *English: write `LANG = "en"` in the `import` cell below (or start Jupyter with `MICROGRADKR_LANG=en`): every printed line, picture and check is then in English.*

# %%
import os

from microgradkr import Value, data, draw_dot, plot
from microgradkr import sum as total
from microgradkr.exercises import check, hint
from microgradkr.tour import kit

LANG = os.environ.get("MICROGRADKR_LANG", "ko")  # 영어 / English: LANG = "en"
demo = kit.start("07_linear_regression", lang=LANG)
t = demo.t


# %% [markdown]
# ## 입력
#
# y = 2x + 1 근처의 잡음 섞인 점 50개. 튜토리얼의 설정대로 학습률 0.002로 50번 갱신합니다.

# %%
xs, ys = data.noisy_line()          # y = 2x + 1 근처의 점 50개 (잡음 σ 0.5, 시드 3)
LEARNING_RATE = 0.002               # 튜토리얼의 설정: 학습률 0.002, 50번
STEPS = 50
a = Value(0.0, label=t("기울기 a", "slope a"))
b = Value(0.0, label=t("절편 b", "intercept b"))


def mse(a, b, xs, ys):
    """평균 제곱 오차 L = (1/n) Σ (y - (a·x + b))²"""
    return total([(y - (a * x + b)) ** 2 for x, y in zip(xs, ys)]) / len(xs)


losses = []
for step in range(STEPS):
    # ---------------------------------------------------------------- 순전파
    loss = mse(a, b, xs, ys)
    losses.append(loss.data)
    # ---------------------------------------------------------------- 역전파
    a.grad = b.grad = 0.0
    loss.backward()
    if step == 0:
        print(t(f"처음: L = {loss.data:.4f}, ∂L/∂a = {a.grad:.4f}, ∂L/∂b = {b.grad:.4f}",
                f"start: L = {loss.data:.4f}, ∂L/∂a = {a.grad:.4f}, ∂L/∂b = {b.grad:.4f}"))
    # 매개변수 갱신: 기울기(∂L/∂a)의 반대 방향으로
    a.data -= LEARNING_RATE * a.grad
    b.data -= LEARNING_RATE * b.grad

final_loss = mse(a, b, xs, ys).data
print(t(f"{STEPS}번 뒤: 기울기 a = {a.data:.4f}, 절편 b = {b.data:.4f}, L = {final_loss:.4f}",
        f"after {STEPS} steps: slope a = {a.data:.4f}, intercept b = {b.data:.4f}, L = {final_loss:.4f}"))
# 비교: 최소제곱법의 정답 (공식으로 바로 계산)
mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
best_a = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum((x - mean_x) ** 2 for x in xs)
best_b = mean_y - best_a * mean_x
print(t(f"최소제곱법: a = {best_a:.4f}, b = {best_b:.4f} (데이터를 만든 직선: y = 2x + 1)."
        " 50번으로는 절편 b가 아직 덜 갔습니다.",
        f"least squares: a = {best_a:.4f}, b = {best_b:.4f} (the data's line: y = 2x + 1)."
        " After 50 steps the intercept b has not got there yet."))
fitted_a, fitted_b = a.data, b.data


def draw_fit(path):
    with demo.figure(path) as (fig, (ax,)):
        ax.scatter(xs, ys, s=12, color="tab:blue", label=t("데이터", "data"))
        ends = [min(xs), max(xs)]
        ax.plot(ends, [fitted_a * x + fitted_b for x in ends], color="tab:red",
                label=t(f"경사 하강법 {STEPS}번", f"{STEPS} steps of gradient descent"))
        ax.plot(ends, [best_a * x + best_b for x in ends], color="gray", linestyle="--",
                label=t("최소제곱법", "least squares"))
        ax.legend(fontsize="small")
        ax.set_xlabel("x")
        ax.set_ylabel("y")


demo.plot("fit.png", t("점 50개와 학습한 직선", "The 50 points and the fitted line"), draw_fit)
demo.plot("loss.png", t("손실 L의 변화", "The loss L, step by step"),
          lambda path: plot.loss_curve(losses, path=path, lang=demo.lang))


# %% [markdown]
# ## 공부 시간과 성적
#
# x = [2, 4, 6, 8]시간, y = [81, 93, 91, 97]점. a = b = 0에서 L = 8225, ∂L/∂a = -928, ∂L/∂b = -181.

# %%
hours, scores = data.study_hours()   # x = [2, 4, 6, 8], y = [81, 93, 91, 97]
a = Value(0.0, label=t("기울기 a", "slope a"))
b = Value(0.0, label=t("절편 b", "intercept b"))


def mse_named(a, b, xs, ys):
    """같은 손실을 그림용으로: 데이터 점과 개수 n에 이름표(x1, y1, ...)를 붙입니다 (숫자는 같습니다)."""
    xv = [Value(x, f"x{k}") for k, x in enumerate(xs, 1)]
    yv = [Value(y, f"y{k}") for k, y in enumerate(ys, 1)]
    errors = []
    for k, (x, y) in enumerate(zip(xv, yv), 1):
        guess = a * x + b
        guess.label = f"ŷ{k}"
        errors.append((y - guess) ** 2)
    return total(errors) / Value(len(xs), "n")


loss = mse_named(a, b, hours, scores)
assert loss.data == mse(a, b, hours, scores).data  # the same number as the training loop's loss
loss.label = "L"
loss.backward()
print(t(f"\n공부 시간: 처음 L = {loss.data:g}, ∂L/∂a = {a.grad:g}, ∂L/∂b = {b.grad:g}",
        f"\nstudy hours: start L = {loss.data:g}, ∂L/∂a = {a.grad:g}, ∂L/∂b = {b.grad:g}"))
demo.picture(draw_dot(loss, "backward", demo.lang), "study_hours_backward.svg",
             t("공부 시간 데이터의 손실 그래프 (역전파, 처음 단계)", "The study-hours loss graph, backward (first step)"))
demo.player(loss, "study_hours_player.html", t("역전파 재생기: 공부 시간의 손실", "Backprop player: the study-hours loss"))
for step in range(2001):             # 학습률 0.03, 2001번
    loss = mse(a, b, hours, scores)
    a.grad = b.grad = 0.0
    loss.backward()
    a.data -= 0.03 * a.grad
    b.data -= 0.03 * b.grad
    if step % 500 == 0:
        print(f"  {step:4d}: a = {a.data:.4f}, b = {b.data:.4f}, L = {loss.data:.4f}")
print(t(f"결과: 기울기 a = {a.data:.4f}, 절편 b = {b.data:.4f} (정답 a = 2.3, b = 79)",
        f"result: slope a = {a.data:.4f}, intercept b = {b.data:.4f} (exact: a = 2.3, b = 79)"))


# %% [markdown]
# ## 연습 문제
#
# 함수 안의 `...`를 지우고 답을 쓴 뒤 셀을 실행하세요. `check(함수)`가 여러 입력(hypothesis가 고릅니다)에서 여러분의 답을 엔진이 계산한 값과 비교해, 통과인지 아니면 틀린 입력 하나(입력, 기대한 값, 내 답)를 알려 줍니다. 막히면 `hint(함수)`를 실행하세요. 정답은 노트북 어디에도 적혀 있지 않습니다: 엔진이 입력마다 계산합니다.


# %% [markdown]
# ### 연습 1. 평균 제곱 오차
#
# 기울기 a, 절편 b, 점들의 리스트 xs, ys를 받아 평균 제곱 오차 L = (1/n) Σ (y - (a·x + b))²를 돌려주세요.

# %%
def mse(a, b, xs, ys):
    """평균 제곱 오차"""
    ...  # TODO


check(mse, lang=LANG)


# %% [markdown]
# ### 연습 2. 손실의 미분을 손으로
#
# 같은 L의 미분 `(∂L/∂a, ∂L/∂b)`를 손으로 유도해 계산하세요. 엔진의 backward()가 답을 압니다.

# %%
def mse_grads(a, b, xs, ys):
    """(∂L/∂a, ∂L/∂b)"""
    ...  # TODO


check(mse_grads, lang=LANG)
