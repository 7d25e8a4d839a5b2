# %% [markdown]
# # 10 두 개의 반달(two moons)
#
# *micrograd의 데모 그대로. MLP(2, [16, 16, 1]), 힌지 손실, 100번 학습, 결정 경계.*
#
# micrograd의 데모 그대로: 두 개의 반달 모양으로 놓인 점 100개를 2-16-16-1 신경망(ReLU **활성화 함수**)이 나눕니다.
# 손실은 힌지 손실(SVM)과 L2 정규화이고, 100번의 **순전파** → **역전파** → **매개변수 갱신**(학습률을 점점 줄이는 SGD)으로
# 정확도 100%에 이릅니다. 매개변수(**가중치**와 **편향**)는 337개입니다.
#
# **실행**: 셀을 위에서부터 차례로 실행하세요(Shift+Enter). 같은 파일을 `python demos/10_two_moons.py [그림 폴더]`로 실행하면 같은 숫자를 출력하고 그림을 파일로 저장합니다.
#
# *English: write `LANG = "en"` in the `import` cell below (or start Jupyter with `MICROGRADKR_LANG=en`): every printed line, picture and check is then in English.*

# %%
import os

from microgradkr import MLP, data, draw_network, plot
from microgradkr import sum as total
from microgradkr.exercises import check, hint
from microgradkr.tour import kit

LANG = os.environ.get("MICROGRADKR_LANG", "ko")  # 영어 / English: LANG = "en"
demo = kit.start("10_two_moons", lang=LANG)
t = demo.t


# %% [markdown]
# ## 입력
#
# 점 100개, 정답은 -1 또는 +1. 학습에는 2코어 컴퓨터에서 10초쯤 걸립니다.

# %%
X, y = data.moons(100, noise=0.1, seed=1, signed=True)   # 점 100개, 정답은 -1 또는 +1
model = MLP(2, [16, 16, 1], seed=1)                        # ReLU 은닉층 2개, 출력은 점수 하나
print(t(f"모델: {model}, 매개변수 {len(model.parameters())}개",
        f"model: {model}, {len(model.parameters())} parameters"))


def loss_and_accuracy():
    scores = [model(x) for x in X]                                          # 순전파
    losses = [(1 + -yi * score).relu() for yi, score in zip(y, scores)]      # 힌지 손실 (SVM)
    data_loss = total(losses) / len(losses)
    reg_loss = 1e-4 * total([p * p for p in model.parameters()])            # L2 정규화
    accuracy = sum((yi > 0) == (score.data > 0) for yi, score in zip(y, scores)) / len(y)
    return data_loss + reg_loss, accuracy


for k in range(100):
    loss, accuracy = loss_and_accuracy()
    model.zero_grad()
    loss.backward()                                                         # 역전파
    learning_rate = 1.0 - 0.9 * k / 100                                     # 학습률을 점점 줄임
    for p in model.parameters():                                            # 매개변수 갱신 (SGD)
        p.data -= learning_rate * p.grad
    if k % 10 == 0 or k == 99:
        print(t(f"  {k:2d}번: 손실 {loss.data:.4f}, 정확도 {accuracy:.0%}",
                f"  step {k:2d}: loss {loss.data:.4f}, accuracy {accuracy:.0%}"))

loss, accuracy = loss_and_accuracy()
print(t(f"학습 후: 손실 {loss.data:.4f}, 정확도 {accuracy:.0%}",
        f"after training: loss {loss.data:.4f}, accuracy {accuracy:.0%}"))
demo.plot("boundary.png", t("두 반달을 나누는 결정 경계", "The decision boundary between the two moons"),
          lambda path: plot.decision_boundary(model, X, y, path=path, lang=demo.lang))
demo.picture(draw_network(model, X[0], "forward", demo.lang, most=4), "network_view.svg",
             t(f"학습한 2-16-16-1 신경망, 점 ({X[0][0]:.2f}, {X[0][1]:.2f})에서의 순전파: 층마다 뉴런 4개만 그리고 나머지는 ⋮ (most=4)",
               f"The trained 2-16-16-1 network at ({X[0][0]:.2f}, {X[0][1]:.2f}): four neurons per layer, the rest ⋮ (most=4)"))


# %% [markdown]
# ## 연습 문제
#
# 함수 안의 `...`를 지우고 답을 쓴 뒤 셀을 실행하세요. `check(함수)`가 여러 입력(hypothesis가 고릅니다)에서 여러분의 답을 엔진이 계산한 값과 비교해, 통과인지 아니면 틀린 입력 하나(입력, 기대한 값, 내 답)를 알려 줍니다. 막히면 `hint(함수)`를 실행하세요. 정답은 노트북 어디에도 적혀 있지 않습니다: 엔진이 입력마다 계산합니다.


# %% [markdown]
# ### 연습 1. 힌지 손실을 Value로
#
# 점수 `score`(Value)와 정답 `y`(-1 또는 +1)를 받아 힌지 손실 max(0, 1 - y·score)를 `Value`로 돌려주세요. check가 ∂손실/∂score까지 비교합니다.

# %%
def hinge(score, y):
    """max(0, 1 - y·score)를 Value로"""
    ...  # TODO


check(hinge, lang=LANG)


# %% [markdown]
# ### 연습 2. L2 정규화의 기울기
#
# 정규화 벌점 lam·w²를 w로 미분한 값을 돌려주세요.

# %%
def l2_grad(w, lam):
    """∂(lam·w²)/∂w"""
    ...  # TODO


check(l2_grad, lang=LANG)
