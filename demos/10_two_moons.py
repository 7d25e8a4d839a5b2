"""10 두 개의 반달(two moons): micrograd의 데모 그대로. MLP(2, [16, 16, 1]), 힌지 손실, 100번 학습, 결정 경계.

실행: python demos/10_two_moons.py [그림 폴더]
"""

from microgradkr import MLP, data, draw_network, plot
from microgradkr import sum as total
from microgradkr.tour import kit

demo = kit.start(__file__)
t = demo.t

# ---------------------------------------------------------------- 입력
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
