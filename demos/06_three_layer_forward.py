"""06 3층 신경망의 순전파: 튜토리얼의 숫자 그대로 X → A1 → Z1 → A2 → Z2 → A3 → Y (항등 함수 출력).

실행: python demos/06_three_layer_forward.py [그림 폴더]
"""

from microgradkr import Value, draw_dot, draw_network, linear
from microgradkr.tour import kit

demo = kit.start(__file__)
t = demo.t

# ---------------------------------------------------------------- 입력 (밑바닥부터 시작하는 딥러닝 3.4)
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


# ---------------------------------------------------------------- 순전파
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

# ---------------------------------------------------------------- 역전파
# 출력 y1이 입력 x1, x2에 얼마나 민감한지: ∂y1/∂x (가중치는 숫자라서 상수로 접혀 들어갑니다)
Y[0].backward()
print(t("역전파: ∂y1/∂x1 = {:.8g}, ∂y1/∂x2 = {:.8g}", "Backward: ∂y1/∂x1 = {:.8g}, ∂y1/∂x2 = {:.8g}")
      .format(X[0].grad, X[1].grad))
