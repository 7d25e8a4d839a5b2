"""08 XOR을 배우는 다층 퍼셉트론(MLP): 학습, 결정 경계, 학습 곡선.

실행: python demos/08_xor_mlp.py [그림 폴더]
"""

from microgradkr import MLP, data, draw_dot, draw_network, fit, optim, plot
from microgradkr.tour import kit

demo = kit.start(__file__)
t = demo.t

# ---------------------------------------------------------------- 입력
X, y = data.gate("XOR")             # (0,0)→0, (1,0)→1, (0,1)→1, (1,1)→0
# 입력 2개 → 은닉 뉴런 4개(tanh) → 출력 1개(시그모이드). 시드가 같으면 같은 초기 가중치.
model = MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0)
print(t(f"모델: {model}, 매개변수 {len(model.parameters())}개",
        f"model: {model}, {len(model.parameters())} parameters"))

# ---------------------------------------------------------------- 학습 (순전파 → 손실 → 역전파 → 갱신)
# fit이 에폭마다 순전파, 이진 교차 엔트로피 손실, zero_grad, backward(), Adam의 step()을 합니다.
optimizer = optim.Adam(model.parameters(), lr=0.1)
history = fit(model, X, y, loss="bce", optimizer=optimizer, epochs=200, progress=False)
for epoch in (0, 9, 49, 199):
    print(t(f"  에폭 {epoch + 1:3d}: 손실 {history.loss[epoch]:.4f}, 정확도 {history.accuracy[epoch]:.0%}",
            f"  epoch {epoch + 1:3d}: loss {history.loss[epoch]:.4f}, accuracy {history.accuracy[epoch]:.0%}"))

# ---------------------------------------------------------------- 결과
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
