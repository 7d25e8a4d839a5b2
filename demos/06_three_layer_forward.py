# %% [markdown]
# # 06 3층 신경망의 순전파
#
# *튜토리얼의 숫자 그대로 X → A1 → Z1 → A2 → Z2 → A3 → Y (항등 함수 출력).*
#
# 입력 2개, 은닉층 두 개(뉴런 3개와 2개), 출력 2개인 3층 신경망의 **순전파**를 튜토리얼의 숫자 그대로 계산합니다.
# 층마다 가중합 A = X·W + B(**가중치** W, **편향** B)를 구하고 **활성화 함수**(은닉층은 시그모이드, 출력층은 항등 함수)를
# 지납니다. 첫 층의 가중합은 A1 = [0.3, 0.7, 1.1]입니다. 신경망을 교과서처럼 원과 간선으로, 그리고 **계산 그래프**로도 그립니다.
#
# **실행**: 셀을 위에서부터 차례로 실행하세요(Shift+Enter). 같은 파일을 `python demos/06_three_layer_forward.py [그림 폴더]`로 실행하면 같은 숫자를 출력하고 그림을 파일로 저장합니다.
#
# *English: write `LANG = "en"` in the `import` cell below (or start Jupyter with `MICROGRADKR_LANG=en`): every printed line, picture and check is then in English.*

# %%
import math
import os

from microgradkr import Value, draw_dot, draw_network, linear
from microgradkr.exercises import check, hint
from microgradkr.tour import kit

LANG = os.environ.get("MICROGRADKR_LANG", "ko")  # 영어 / English: LANG = "en"
demo = kit.start("06_three_layer_forward", lang=LANG)
t = demo.t


# %% [markdown]
# ## 입력 (밑바닥부터 시작하는 딥러닝 3.4)
#
# W1[i][j]는 입력 i에서 뉴런 j로 가는 가중치입니다.

# %%
X = [Value(1.0, label="x1"), Value(0.5, label="x2")]
W1 = [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]   # 입력 2개 → 뉴런 3개
B1 = [0.1, 0.2, 0.3]
W2 = [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]  # 3개 → 2개
B2 = [0.1, 0.2]
W3 = [[0.1, 0.3], [0.2, 0.4]]              # 2개 → 2개
B3 = [0.1, 0.2]


def layer(inputs, W, B, name, bias_name):
    """가중합 a_j = b_j + Σ_i x_i·W[i][j]: 뉴런마다 linear 노드 하나.

    가중치(숫자)는 노드 안에 접혀 들어가 그림에서는 간선의 '× 0.1'로 보이고,
    편향은 이름표(b1_1 ...)를 단 Value라 상자로 보입니다.
    """
    outputs = []
    for j in range(len(B)):
        a = linear([row[j] for row in W], inputs, Value(B[j], label=f"{bias_name}{j + 1}"))
        a.label = f"{name}{j + 1}"
        outputs.append(a)
    return outputs


def sigmoid(values, name):
    """활성화 함수: 원소마다 시그모이드 노드 하나."""
    outputs = [a.sigmoid() for a in values]
    for j, z in enumerate(outputs):
        z.label = f"{name}{j + 1}"
    return outputs


def show(name, values):
    print(f"  {name:3s} = [" + ", ".join(f"{v.data:.8g}" for v in values) + "]")



# %% [markdown]
# ## 순전파
#
# X → A1 → Z1 → A2 → Z2 → A3 → Y.

# %%
print(t("순전파 (활성화 함수: 은닉층은 시그모이드, 출력층은 항등 함수)",
        "Forward pass (sigmoid in the hidden layers, identity at the output)"))
A1 = layer(X, W1, B1, "a1_", "b1_")
show("A1", A1)
Z1 = sigmoid(A1, "z1_")
show("Z1", Z1)
A2 = layer(Z1, W2, B2, "a2_", "b2_")
show("A2", A2)
Z2 = sigmoid(A2, "z2_")
show("Z2", Z2)
A3 = layer(Z2, W3, B3, "y", "b3_")                 # 출력층의 가중합: y1, y2
Y = A3                                      # 항등 함수: 출력 = 가중합
show("Y", Y)
print(t("  (교재: Y = [0.31682708, 0.69627909])", "  (the book: Y = [0.31682708, 0.69627909])"))
demo.picture(draw_network([(W1, B1), (W2, B2), (W3, B3)], [x.data for x in X], "forward", demo.lang,
                          activation="sigmoid", output_activation="linear"), "network_view.svg",
             t("교재의 2-3-2-2 신경망: 간선에 가중치 W, 원 안에 편향 B, 가중합 A, 출력 Z",
               "The book's 2-3-2-2 network: weights W on the edges; bias B, sum A and output Z in each circle"))
demo.picture(draw_dot(Y[0], "forward", demo.lang), "y1_forward.svg",
             t("y1까지의 계산 그래프: 가중합(linear) 노드와 시그모이드 노드", "The graph of y1: weighted-sum (linear) and sigmoid nodes"))


# %% [markdown]
# ## 역전파
#
# 출력 y1이 입력에 얼마나 민감한지 ∂y1/∂x를 역전파로 구합니다.

# %%
# 출력 y1이 입력 x1, x2에 얼마나 민감한지: ∂y1/∂x (가중치는 숫자라서 상수로 접혀 들어갑니다)
Y[0].backward()
print(t("역전파: ∂y1/∂x1 = {:.8g}, ∂y1/∂x2 = {:.8g}", "Backward: ∂y1/∂x1 = {:.8g}, ∂y1/∂x2 = {:.8g}")
      .format(X[0].grad, X[1].grad))


# %% [markdown]
# ## 연습 문제
#
# 함수 안의 `...`를 지우고 답을 쓴 뒤 셀을 실행하세요. `check(함수)`가 여러 입력(hypothesis가 고릅니다)에서 여러분의 답을 엔진이 계산한 값과 비교해, 통과인지 아니면 틀린 입력 하나(입력, 기대한 값, 내 답)를 알려 줍니다. 막히면 `hint(함수)`를 실행하세요. 정답은 노트북 어디에도 적혀 있지 않습니다: 엔진이 입력마다 계산합니다.


# %% [markdown]
# ### 연습 1. 한 층의 가중합
#
# 입력 리스트 `X`, 가중치 행렬 `W`(W[i][j]: 입력 i → 뉴런 j), 편향 리스트 `B`를 받아 가중합의 리스트 A를 돌려주세요 (A[j] = Σ_i X[i]·W[i][j] + B[j]).

# %%
def weighted_sums(X, W, B):
    """A = X·W + B"""
    ...  # TODO


check(weighted_sums, lang=LANG)


# %% [markdown]
# ### 연습 2. 시그모이드 함수
#
# 가중합 a를 받아 σ(a)를 돌려주세요.

# %%
def sigmoid(a):
    """σ(a)"""
    ...  # TODO


check(sigmoid, lang=LANG)
