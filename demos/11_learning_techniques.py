# %% [markdown]
# # 11 학습 관련 기술
#
# *학습/검증/시험 데이터 나누기, 가중치 감소, 드롭아웃, 배치 정규화.*
#
# 학습 데이터만 외우는 과대적합을 막는 기술들입니다. 데이터를 학습/검증/시험으로 나누고, **가중치** 감소(L2 정규화)로
# 큰 가중치를 벌하고, 드롭아웃으로 학습할 때 뉴런을 무작위로 끄고, 배치 정규화로 미니배치마다 평균 0, 분산 1로 맞춥니다.
# 배치 정규화의 γ와 β도 **역전파**로 기울기를 받는 매개변수입니다.
#
# **실행**: 셀을 위에서부터 차례로 실행하세요(Shift+Enter). 같은 파일을 `python demos/11_learning_techniques.py [그림 폴더]`로 실행하면 같은 숫자를 출력하고 그림을 파일로 저장합니다.
#
# *English: write `LANG = "en"` in the `import` cell below (or start Jupyter with `MICROGRADKR_LANG=en`): every printed line, picture and check is then in English.*

# %%
import math
import os
import statistics

from microgradkr import MLP, Value, data, evaluate, fit, nn, optim, plot
from microgradkr.exercises import check, hint
from microgradkr.tour import kit

LANG = os.environ.get("MICROGRADKR_LANG", "ko")  # 영어 / English: LANG = "en"
demo = kit.start("11_learning_techniques", lang=LANG)
t = demo.t


# %% [markdown]
# ## 입력: 데이터 나누기
#
# 잡음이 많은 반달 120개를 60% / 20% / 20%로 나눕니다.

# %%
# 잡음이 많은 반달 120개를 학습 60%, 검증 20%, 시험 20%로 나눕니다 (같은 시드면 같은 분할).
X, y = data.moons(120, noise=0.3, seed=2)
split = data.train_valid_test_split(X, y, valid=0.2, test=0.2, seed=0)
(X_train, y_train), (X_valid, y_valid), (X_test, y_test) = split
print(t(f"데이터 나누기: 학습 {len(X_train)}개, 검증 {len(X_valid)}개, 시험 {len(X_test)}개",
        f"split: {len(X_train)} training, {len(X_valid)} validation, {len(X_test)} test samples"))
print(t("  학습 데이터로 매개변수를, 검증 데이터로 설정(가중치 감소 등)을 고르고, 시험 데이터는 마지막에 한 번만 씁니다.",
        "  Training data fits the parameters, validation data picks the settings; the test data is used once, at the end."))

EPOCHS = 100


def train(model, weight_decay=0.0):
    """순전파 → 손실 → 역전파 → 갱신을 EPOCHS번 (fit), 에폭마다 검증 손실도 기록."""
    optimizer = optim.Adam(model.parameters(), lr=0.05, weight_decay=weight_decay)
    return fit(model, X_train, y_train, loss="bce_logits", optimizer=optimizer, epochs=EPOCHS,
               progress=False, validation=(X_valid, y_valid))


def weight_size(model):
    """가중치 제곱의 합 Σw² (편향 제외)"""
    return sum(w.data ** 2 for w in nn.iter_weights(model))



# %% [markdown]
# ## 가중치 감소 (L2 정규화)
#
# 같은 신경망을 가중치 감소 없이, 그리고 λ = 0.01로 100 에폭씩 학습합니다.

# %%
# 기울기에 λ·w를 더해 가중치를 0 쪽으로 당깁니다: 큰 가중치로 학습 데이터만 외우는 과대적합을 막습니다.
results = {}
histories = {}
for name, decay in ((t("감소 없음", "no decay"), 0.0), (t("가중치 감소 λ=0.01", "weight decay λ=0.01"), 0.01)):
    model = MLP(2, [12, 12, 1], seed=3)
    histories[name] = train(model, decay)
    results[name] = model
print(t("\n가중치 감소:", "\nWeight decay:"))
for name, model in results.items():
    h = histories[name]
    print(t(f"  {name}: Σw² = {weight_size(model):.2f}, 학습 정확도 {h.accuracy[-1]:.0%}, "
            f"검증 손실 {h.val_loss[-1]:.3f}, 검증 정확도 {h.val_accuracy[-1]:.0%}",
            f"  {name}: Σw² = {weight_size(model):.2f}, training accuracy {h.accuracy[-1]:.0%}, "
            f"validation loss {h.val_loss[-1]:.3f}, validation accuracy {h.val_accuracy[-1]:.0%}"))


# %% [markdown]
# ## 드롭아웃
#
# p = 0.3. 학습 모드에서는 같은 입력에도 출력이 매번 다르고, 평가 모드에서는 같습니다.

# %%
# 학습할 때만 뉴런을 무작위로 꺼서(p = 0.3) 특정 뉴런에 기대지 못하게 합니다. 평가할 때는 모두 씁니다.
dropout_model = nn.Sequential(nn.Layer(2, 12, "relu", rng=3), nn.Dropout(0.3, rng=0),
                              nn.Layer(12, 12, "relu", rng=4), nn.Dropout(0.3, rng=1),
                              nn.Layer(12, 1, "linear", rng=5))
h = train(dropout_model)
histories[t("드롭아웃 p=0.3", "dropout p=0.3")] = h
sample = X_valid[0]
dropout_model.train()
in_training = [dropout_model(sample)[0].data for _ in range(3)]
dropout_model.eval()
in_eval = [dropout_model(sample)[0].data for _ in range(3)]
print(t("\n드롭아웃:", "\nDropout:"))
print(t(f"  같은 입력을 세 번: 학습 모드 {', '.join(f'{v:.3f}' for v in in_training)} (매번 다름), "
        f"평가 모드 {', '.join(f'{v:.3f}' for v in in_eval)} (같음)",
        f"  the same input three times: training mode {', '.join(f'{v:.3f}' for v in in_training)} (differs), "
        f"eval mode {', '.join(f'{v:.3f}' for v in in_eval)} (the same)"))
print(t(f"  학습 정확도 {h.accuracy[-1]:.0%}, 검증 손실 {h.val_loss[-1]:.3f}, 검증 정확도 {h.val_accuracy[-1]:.0%}",
        f"  training accuracy {h.accuracy[-1]:.0%}, validation loss {h.val_loss[-1]:.3f}, "
        f"validation accuracy {h.val_accuracy[-1]:.0%}"))


# %% [markdown]
# ## 배치 정규화
#
# 샘플 8개의 첫 번째 특성을 정규화하고 역전파합니다.

# %%
# 미니배치마다 특성별로 평균 0, 분산 1로 맞춘 뒤 γ(처음 1)와 β(처음 0)로 다시 늘리고 옮깁니다.
batch = [[Value(5.0 + 3.0 * x0), Value(-2.0 + 0.5 * x1)] for x0, x1 in X_train[:8]]
norm = nn.BatchNorm(2)
normalised = norm(batch)                                   # 순전파
column = [row[0] for row in normalised]
column[0].backward()                                       # 역전파: γ, β도 기울기를 받습니다
before = [v.data for v in (row[0] for row in batch)]
after = [v.data for v in column]
print(t("\n배치 정규화 (샘플 8개, 첫 번째 특성):", "\nBatch normalisation (8 samples, first feature):"))
print(t(f"  전: 평균 {statistics.fmean(before):.3f}, 표준편차 {statistics.pstdev(before):.3f}",
        f"  before: mean {statistics.fmean(before):.3f}, std {statistics.pstdev(before):.3f}"))
print(t(f"  후: 평균 {statistics.fmean(after):.3f}, 표준편차 {statistics.pstdev(after):.3f}",
        f"  after:  mean {statistics.fmean(after):.3f}, std {statistics.pstdev(after):.3f}"))
print(f"  ∂y₀/∂γ₀ = {norm.gamma[0].grad:.4f}, ∂y₀/∂β₀ = {norm.beta[0].grad:g}")


# %% [markdown]
# ## 시험 데이터: 마지막에 한 번
#
# 검증 손실이 가장 낮은 설정을 골라 시험 데이터로 한 번만 평가합니다.

# %%
best = min(histories, key=lambda name: histories[name].val_loss[-1])
chosen = results.get(best, dropout_model)
test_loss, test_accuracy = evaluate(chosen, X_test, y_test, loss="bce_logits")
print(t(f"\n검증 손실이 가장 낮은 설정: {best}. 시험 데이터에서 손실 {test_loss:.3f}, 정확도 {test_accuracy:.0%}",
        f"\nLowest validation loss: {best}. On the test data: loss {test_loss:.3f}, accuracy {test_accuracy:.0%}"))

for k, (name, history) in enumerate(histories.items()):
    demo.plot(f"curve_{k + 1}.png", t(f"{name}: 학습 손실(실선)과 검증 손실(점선)",
                                      f"{name}: training loss (solid) and validation loss (dashed)"),
              lambda path, history=history: plot.loss_curve(history, path=path, lang=demo.lang))


# %% [markdown]
# ## 연습 문제
#
# 함수 안의 `...`를 지우고 답을 쓴 뒤 셀을 실행하세요. `check(함수)`가 여러 입력(hypothesis가 고릅니다)에서 여러분의 답을 엔진이 계산한 값과 비교해, 통과인지 아니면 틀린 입력 하나(입력, 기대한 값, 내 답)를 알려 줍니다. 막히면 `hint(함수)`를 실행하세요. 정답은 노트북 어디에도 적혀 있지 않습니다: 엔진이 입력마다 계산합니다.


# %% [markdown]
# ### 연습 1. 가중치 감소를 더한 기울기
#
# 가중치 w, 손실의 기울기 grad, 감소율 lam을 받아 가중치 감소(PyTorch의 weight_decay)를 더한 기울기를 돌려주세요.

# %%
def weight_decay_grad(w, grad, lam):
    """가중치 감소를 더한 기울기"""
    ...  # TODO


check(weight_decay_grad, lang=LANG)


# %% [markdown]
# ### 연습 2. 배치 정규화 (γ = 1, β = 0)
#
# 값의 리스트 xs를 평균 0, 분산 1로 정규화한 리스트를 돌려주세요. 분산은 n으로 나누고, 0으로 나누지 않도록 분산에 eps = 1e-5를 더합니다.

# %%
def batch_norm(xs):
    """(x - 평균) / √(분산 + 1e-5)의 리스트"""
    ...  # TODO


check(batch_norm, lang=LANG)
