# %% [markdown]
# # 08 XOR을 배우는 다층 퍼셉트론(MLP)
#
# *학습, 결정 경계, 학습 곡선.*
#
# 퍼셉트론 하나로는 안 되던 XOR을 은닉층이 있는 다층 **퍼셉트론**(MLP)이 배웁니다. 계단 함수 대신 매끄러운
# **활성화 함수**(은닉층 tanh, 출력 시그모이드)를 쓰므로 **역전파**로 기울기를 구할 수 있습니다. 에폭마다 **순전파** →
# 손실(이진 교차 엔트로피) → 역전파 → **매개변수 갱신**(Adam)을 합니다. 학습 뒤 정확도는 100%입니다.
#
# **실행**: 셀을 위에서부터 차례로 실행하세요(Shift+Enter). 같은 파일을 `python demos/08_xor_mlp.py [그림 폴더]`로 실행하면 같은 숫자를 출력하고 그림을 파일로 저장합니다.
#
# *English: write `LANG = "en"` in the `import` cell below (or start Jupyter with `MICROGRADKR_LANG=en`): every printed line, picture and check is then in English.*

# %%
import math
import os

from microgradkr import MLP, data, draw_dot, draw_network, fit, optim, plot
from microgradkr.exercises import check, hint
from microgradkr.tour import kit

LANG = os.environ.get("MICROGRADKR_LANG", "ko")  # 영어 / English: LANG = "en"
demo = kit.start("08_xor_mlp", lang=LANG)
t = demo.t


# %% [markdown]
# ## 입력
#
# XOR의 진리표와 2-4-1 신경망. 시드가 같으면 같은 초기 가중치입니다.

# %%
X, y = data.gate("XOR")             # (0,0)→0, (1,0)→1, (0,1)→1, (1,1)→0
# 입력 2개 → 은닉 뉴런 4개(tanh) → 출력 1개(시그모이드). 시드가 같으면 같은 초기 가중치.
model = MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0)
print(t(f"모델: {model}, 매개변수 {len(model.parameters())}개",
        f"model: {model}, {len(model.parameters())} parameters"))


# %% [markdown]
# ## 학습 (순전파 → 손실 → 역전파 → 갱신)
#
# `fit`이 200 에폭을 학습합니다.

# %%
# fit이 에폭마다 순전파, 이진 교차 엔트로피 손실, zero_grad, backward(), Adam의 step()을 합니다.
optimizer = optim.Adam(model.parameters(), lr=0.1)
history = fit(model, X, y, loss="bce", optimizer=optimizer, epochs=200, progress=False)
for epoch in (0, 9, 49, 199):
    print(t(f"  에폭 {epoch + 1:3d}: 손실 {history.loss[epoch]:.4f}, 정확도 {history.accuracy[epoch]:.0%}",
            f"  epoch {epoch + 1:3d}: loss {history.loss[epoch]:.4f}, accuracy {history.accuracy[epoch]:.0%}"))


# %% [markdown]
# ## 결과
#
# 학습한 신경망의 출력, 층마다 원으로 그린 신경망, 계산 그래프, 결정 경계와 학습 곡선.

# %%
print(t("학습한 모델의 출력:", "The trained model's outputs:"))
correct = 0
for inputs, target in zip(X, y):
    out = model(inputs)
    predicted = 1 if out.data > 0.5 else 0
    correct += predicted == target
    print(f"  {int(inputs[0])} XOR {int(inputs[1])} = {int(target)}:  "
          f"{t('출력', 'output')} {out.data:.4f} → {predicted}")
print(t(f"정확도: {correct / len(X):.0%}", f"accuracy: {correct / len(X):.0%}"))

# 학습한 신경망을 교과서처럼: 층마다 원(뉴런), 간선에 가중치, 입력 (1, 0)에서의 값과 기울기
demo.picture(draw_network(model, [1.0, 0.0], "backward", demo.lang), "network_view.svg",
             t("학습한 2-4-1 신경망, 입력 (1, 0): 원 안은 편향·가중합·출력, 빨간 숫자는 ∂y 기울기",
               "The trained 2-4-1 network at (1, 0): bias, sum and output in each circle, ∂y gradients in red"))
# 같은 순전파와 역전파의 계산 그래프 (뉴런마다 묶음 L1.N1 ...)
out = model([1.0, 0.0])
out.label = "y"
out.backward()
demo.picture(draw_dot(out, "backward", demo.lang), "network_backward.svg",
             t("학습한 2-4-1 신경망, 입력 (1, 0): 가중합(linear) 노드와 활성화 함수 노드",
               "The trained 2-4-1 network at (1, 0): weighted-sum (linear) and activation nodes"))
demo.player(out, "network_player.html", t("역전파 재생기: 2-4-1 신경망", "Backprop player: the 2-4-1 network"))
demo.plot("boundary.png", t("XOR의 결정 경계: 직선 하나가 아닌 곡선", "XOR's decision boundary: not one straight line"),
          lambda path: plot.decision_boundary(model, X, y, path=path, lang=demo.lang))
demo.plot("loss.png", t("학습 곡선: 손실과 정확도", "Learning curve: loss and accuracy"),
          lambda path: plot.loss_curve(history, path=path, lang=demo.lang))


# %% [markdown]
# ## 연습 문제
#
# 함수 안의 `...`를 지우고 답을 쓴 뒤 셀을 실행하세요. `check(함수)`가 여러 입력(hypothesis가 고릅니다)에서 여러분의 답을 엔진이 계산한 값과 비교해, 통과인지 아니면 틀린 입력 하나(입력, 기대한 값, 내 답)를 알려 줍니다. 막히면 `hint(함수)`를 실행하세요. 정답은 노트북 어디에도 적혀 있지 않습니다: 엔진이 입력마다 계산합니다.


# %% [markdown]
# ### 연습 1. 이진 교차 엔트로피
#
# 출력 확률 p와 정답 t(0 또는 1)를 받아 이진 교차 엔트로피 손실을 돌려주세요.

# %%
def bce(p, t):
    """-(t·log p + (1 - t)·log(1 - p))"""
    ...  # TODO


check(bce, lang=LANG)


# %% [markdown]
# ### 연습 2. 시그모이드 + 교차 엔트로피의 미분
#
# p = σ(z)일 때 손실 bce(σ(z), t)를 z로 미분한 값을 돌려주세요. 연쇄법칙으로 정리하면 아주 간단해집니다.

# %%
def bce_logit_grad(z, t):
    """∂bce(σ(z), t)/∂z"""
    ...  # TODO


check(bce_logit_grad, lang=LANG)
