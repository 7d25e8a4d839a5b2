# %% [markdown]
# # 01 난수와 가중치 초기화
#
# *균등 분포와 정규 분포, Xavier와 He, 나쁜 초기값이 활성화 값에 주는 영향.*
#
# 신경망의 **가중치**는 처음에 난수로 정합니다. 그 난수를 어떤 분포에서, 어떤 크기로 뽑느냐에 따라 학습이 잘 되기도 하고
# 전혀 안 되기도 합니다. 이 노트북은 균등 분포와 정규 분포를 보고, Xavier와 He 초기값의 표준편차를 계산한 뒤,
# 시그모이드 **활성화 함수** 층 5개를 **순전파**로 지나는 동안 초기값의 크기가 활성화 값을 어떻게 바꾸는지 봅니다.
# 활성화 값이 0이나 1에 몰리면 시그모이드의 기울기가 거의 0이 되어 **역전파**로 전해지는 기울기가 사라집니다(기울기 소실).
#
# **실행**: 셀을 위에서부터 차례로 실행하세요(Shift+Enter). 같은 파일을 `python demos/01_random_init.py [그림 폴더]`로 실행하면 같은 숫자를 출력하고 그림을 파일로 저장합니다.
#
# *English: write `LANG = "en"` in the `import` cell below (or start Jupyter with `MICROGRADKR_LANG=en`): every printed line, picture and check is then in English.*

# %%
import math
import os
import random
import statistics

from microgradkr import init, nn, no_grad
from microgradkr.exercises import check, hint
from microgradkr.tour import kit

LANG = os.environ.get("MICROGRADKR_LANG", "ko")  # 영어 / English: LANG = "en"
demo = kit.start("01_random_init", lang=LANG)
t = demo.t


# %% [markdown]
# ## 입력
#
# 난수는 시드를 준 `random.Random`에서만 뽑습니다. 같은 시드면 언제나 같은 숫자가 나옵니다.

# %%
# 난수는 시드를 준 random.Random에서만 뽑습니다 (전역 random은 건드리지 않음)
SEED = 1
uniform_weights = init.uniform.sample(10000, fan_in=1, rng=random.Random(SEED))
normal_weights = init.normal.sample(10000, fan_in=1, rng=random.Random(SEED))

print(t("1) 균등 분포 U(-1, 1)와 표준 정규 분포 N(0, 1)에서 10000개씩",
        "1) 10000 draws each from U(-1, 1) and N(0, 1)"))
for name, ws in (("uniform", uniform_weights), ("normal", normal_weights)):
    print(f"  {name:8s} {t('평균', 'mean')} {statistics.fmean(ws):+.3f}   "
          f"{t('표준편차', 'std')} {statistics.pstdev(ws):.3f}   "
          f"{t('최소', 'min')} {min(ws):+.2f}   {t('최대', 'max')} {max(ws):+.2f}")


def draw_uniform_normal(path):
    with demo.figure(path, ncols=2, width=3.6, height=3.0) as (fig, (left, right)):
        left.hist(uniform_weights, bins=40, color="tab:blue")
        left.set_title(t("균등 분포 U(-1, 1)", "uniform U(-1, 1)"))
        right.hist(normal_weights, bins=40, color="tab:orange")
        right.set_title(t("정규 분포 N(0, 1)", "normal N(0, 1)"))


demo.plot("uniform_normal.png", t("균등 분포와 정규 분포의 히스토그램", "Histograms: uniform and normal"),
          draw_uniform_normal)

# Xavier와 He: 입력(fan_in)과 출력(fan_out)이 100개인 층의 가중치 표준편차
print(t("\n2) 입력 100개, 출력 100개인 층의 초기 가중치 표준편차",
        "\n2) The standard deviation of the first weights of a 100-in, 100-out layer"))
for name in ("book_xavier", "xavier_normal", "he_normal"):
    scheme = init.INITIALIZERS[name]
    drawn = scheme.sample(10000, fan_in=100, fan_out=100, rng=random.Random(SEED))
    print(f"  {name:13s} {t('공식', 'formula')} {scheme.std(100, 100):.4f}   "
          f"{t('뽑은 값', 'drawn')} {statistics.pstdev(drawn):.4f}   ({scheme.description})")


# %% [markdown]
# ## 순전파
#
# 시그모이드 뉴런 100개짜리 층 5개에 입력 100개를 통과시킵니다. 보려는 것은 순전파의 활성화 값이라 `no_grad()` 안에서 계산 그래프를 만들지 않습니다.

# %%
# 시그모이드 노드 100개짜리 층 5개에 입력 100개를 통과시키고 층마다 활성화 값을 모읍니다.
# 역전파는 없습니다: 보려는 것은 순전파의 활성화 값 분포입니다 (no_grad: 그래프를 만들지 않음).
data_rng = random.Random(SEED)
inputs = [[data_rng.gauss(0.0, 1.0) for _ in range(100)] for _ in range(100)]


def small_normal(fan_in, fan_out, rng):
    return rng.gauss(0.0, 0.01)  # 표준편차 0.01: 너무 작은 초기값


# 제목은 (한국어, 영어) 쌍: 그래프는 한글 글꼴이 없으면 영어로 그려지므로, 그릴 때 t()로 고릅니다
schemes = {
    ("표준편차 1", "std 1"): "normal",
    ("표준편차 0.01", "std 0.01"): small_normal,
    ("Xavier (√(1/n))", "Xavier (√(1/n))"): "book_xavier",
}
activations = {}
for title, scheme in schemes.items():
    layers = [nn.Layer(100, 100, activation="sigmoid", init=scheme, rng=SEED + k) for k in range(5)]
    per_layer = []
    with no_grad():
        batch = inputs
        for layer in layers:
            batch = [[z.data for z in layer(x)] for x in batch]
            per_layer.append([z for row in batch for z in row])
    activations[title] = per_layer


# %% [markdown]
# ## 결과
#
# 층마다 활성화 값의 분포를 히스토그램으로 그립니다.

# %%
print(t("\n3) 시그모이드 층 5개를 지난 활성화 값: 0이나 1 근처(기울기 소실)의 비율과 표준편차",
        "\n3) Activations after 5 sigmoid layers: share near 0 or 1 (vanishing gradients), and spread"))
for title, per_layer in activations.items():
    last = per_layer[-1]
    saturated = sum(1 for a in last if a < 0.01 or a > 0.99) / len(last)
    print(f"  {t(*title):16s} {t('5층', 'layer 5')}: {t('포화', 'saturated')} {saturated:6.1%}   "
          f"{t('표준편차', 'std')} {statistics.pstdev(last):.4f}")
print(t("  표준편차 1: 0과 1 근처에 몰립니다 (그곳에서 시그모이드의 기울기는 거의 0: 기울기 소실).\n"
        "  0.01: 모두 0.5 근처에 모여 뉴런 100개가 같은 값을 냅니다. Xavier: 층을 지나도 고르게 퍼집니다.",
        "  std 1: values pile up near 0 and 1, where sigmoid's slope is almost 0 (vanishing gradients).\n"
        "  0.01: all near 0.5, so 100 neurons say the same thing. Xavier: spread out layer after layer."))


def draw_activations(path):
    with demo.figure(path, ncols=3, width=3.4, height=3.0) as (fig, axes):
        for ax, (title, per_layer) in zip(axes, activations.items()):
            for k, values in enumerate(per_layer):
                ax.hist(values, bins=30, range=(0, 1), histtype="step", label=t(f"{k + 1}층", f"layer {k + 1}"))
            ax.set_title(t(*title).replace("√(1/n)", r"$\sqrt{1/n}$"))  # mathtext draws the root sign
        axes[0].legend(fontsize="small")


demo.plot("activations.png", t("초기값에 따른 층별 활성화 값 분포", "Activations per layer for each initial scale"),
          draw_activations)


# %% [markdown]
# ## 연습 문제
#
# 함수 안의 `...`를 지우고 답을 쓴 뒤 셀을 실행하세요. `check(함수)`가 여러 입력(hypothesis가 고릅니다)에서 여러분의 답을 엔진이 계산한 값과 비교해, 통과인지 아니면 틀린 입력 하나(입력, 기대한 값, 내 답)를 알려 줍니다. 막히면 `hint(함수)`를 실행하세요. 정답은 노트북 어디에도 적혀 있지 않습니다: 엔진이 입력마다 계산합니다.


# %% [markdown]
# ### 연습 1. Xavier 초기값의 표준편차
#
# PyTorch의 Xavier(정규 분포) 초기값은 표준편차가 √(2 / (fan_in + fan_out))입니다. 입력 수 `fan_in`, 출력 수 `fan_out`을 받아 표준편차를 돌려주세요.

# %%
def xavier_std(fan_in, fan_out):
    """Xavier 초기값의 표준편차"""
    ...  # TODO


check(xavier_std, lang=LANG)


# %% [markdown]
# ### 연습 2. He 초기값의 표준편차
#
# ReLU를 쓰는 층에는 He 초기값을 씁니다. 입력 수 `fan_in`을 받아 표준편차를 돌려주세요.

# %%
def he_std(fan_in):
    """He 초기값의 표준편차"""
    ...  # TODO


check(he_std, lang=LANG)
