"""04 계산 그래프와 역전파: 사과 쇼핑, 사과와 오렌지 쇼핑, 덧셈 노드와 곱셈 노드의 역전파.

실행: python demos/04_computational_graph.py [그림 폴더]
"""

from microgradkr import Value, draw_dot, gates
from microgradkr.fmt import format_beside
from microgradkr.tour import kit

demo = kit.start(__file__)
t = demo.t

# ---------------------------------------------------------------- 입력
# 사과 100원짜리 2개, 소비세 1.1 (밑바닥부터 시작하는 딥러닝 5.4)
apple = Value(100.0, t("사과", "apple"))
apple_num = Value(2.0, t("사과 개수", "apple count"))
tax = Value(1.1, t("소비세", "tax"))

# ---------------------------------------------------------------- 순전파
apple_price = apple * apple_num          # 곱셈 노드
apple_price.label = t("사과 가격", "apple price")
price = apple_price * tax                # 곱셈 노드
price.label = t("지불 금액", "total")
print(t("사과 쇼핑 순전파:", "Apples, forward:"), f"{apple_price.label} = {apple_price.data:g},",
      f"{price.label} = {format_beside(price.data)}")  # 220 as the picture, the float beside it
demo.picture(draw_dot(price, "forward", demo.lang), "apple_forward.svg",
             t("사과 쇼핑의 순전파: 왼쪽에서 오른쪽으로 값이 흐릅니다", "Apples, forward: values flow left to right"))

# ---------------------------------------------------------------- 역전파
# 곱셈 노드는 상류 기울기에 '다른 쪽 입력'을 곱해 보냅니다 (국소적 계산 + 연쇄법칙)
price.backward()
print(t("사과 쇼핑 역전파:", "Apples, backward:"),
      ", ".join(f"∂{price.label}/∂{v.label} = {format_beside(v.grad)}" for v in (apple, apple_num, tax)))
demo.picture(draw_dot(price, "backward", demo.lang), "apple_backward.svg",
             t("사과 쇼핑의 역전파: 간선마다 국소적 미분 × 상류 기울기", "Apples, backward: local gradient × upstream on each edge"))
demo.player(price, "apple_player.html", t("역전파 재생기: 사과 쇼핑", "Backprop player: buying apples"))
# 학습지: 사과와 소비세의 기울기를 ?로 비운 그림과 정답 (draw_dot(..., blanks=...))
worksheet = draw_dot(price, "backward", demo.lang, blanks=[apple, tax])
demo.picture(worksheet, "apple_worksheet.svg", t("학습지: ? 칸의 기울기를 손으로 구해 보세요", "Worksheet: work out each ? by hand"))
demo.picture(worksheet.answers, "apple_answers.svg", t("학습지의 정답", "The worksheet's answers"))

# ---------------------------------------------------------------- 사과와 오렌지 (덧셈 노드가 하나 더)
circuit = gates.apple_orange(lang=demo.lang)
print(t("\n사과와 오렌지 순전파:", "\nApples and oranges, forward:"), format_beside(circuit.output.data))
circuit.backward()
print(t("사과와 오렌지 역전파:", "Apples and oranges, backward:"))
for leaf in circuit.inputs.values():
    print(f"  ∂{circuit.output.label}/∂{leaf.label} = {format_beside(leaf.grad)}")
demo.picture(draw_dot(circuit, "backward", demo.lang), "apple_orange_backward.svg",
             t("사과와 오렌지의 역전파", "Apples and oranges, backward"))
demo.player(circuit, "apple_orange_player.html",
            t("역전파 재생기: 한 단계씩 눌러 보세요", "Backprop player: step through it"))

# ---------------------------------------------------------------- 덧셈 노드와 곱셈 노드
# CS231n: f = (x + y)·z at x = -2, y = 5, z = -4
circuit = gates.add_mul_circuit(lang=demo.lang).backward()
x, y, z = (circuit.inputs[k] for k in "xyz")
print(t("\n(x + y)·z, x = -2, y = 5, z = -4:", "\n(x + y)·z at x = -2, y = 5, z = -4:"),
      f"f = {circuit.output.data:g}; ∂f/∂x = {x.grad:g}, ∂f/∂y = {y.grad:g}, ∂f/∂z = {z.grad:g}")
print(t("  덧셈 노드는 상류 기울기(-4)를 그대로 양쪽에 나눠 주고,\n"
        "  곱셈 노드는 서로 바꾼 입력을 곱합니다: ∂f/∂z = x + y = 3.",
        "  The add node passes the upstream gradient (-4) unchanged to both inputs;\n"
        "  the multiply node multiplies by the other input: ∂f/∂z = x + y = 3."))
demo.picture(draw_dot(circuit, "backward", demo.lang), "add_mul_backward.svg",
             t("덧셈 노드와 곱셈 노드의 역전파", "The add node and the multiply node, backward"))
demo.player(circuit, "add_mul_player.html", t("역전파 재생기: (x + y)·z", "Backprop player: (x + y)·z"))
