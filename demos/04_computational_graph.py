# %% [markdown]
# # 04 계산 그래프와 역전파
#
# *사과 쇼핑, 사과와 오렌지 쇼핑, 덧셈 노드와 곱셈 노드의 역전파.*
#
# **계산 그래프**는 계산을 노드와 간선으로 그린 것입니다. 사과 100원짜리 2개에 소비세 1.1을 곱하면 지불 금액은 220원:
# **순전파**는 왼쪽에서 오른쪽으로 값을 계산합니다. **역전파**는 오른쪽에서 왼쪽으로, 각 노드가 자기 **국소적 계산**
# (국소적 미분)만 해서 상류에서 온 기울기에 곱해 보냅니다. 이것이 **연쇄법칙**입니다. **곱셈 노드**는 상류 기울기에
# '다른 쪽 입력'을 곱해 보내고, **덧셈 노드**는 상류 기울기를 그대로 나눠 줍니다. 그래서 ∂지불 금액/∂사과 = 2 × 1.1 = 2.2입니다.
#
# **실행**: 셀을 위에서부터 차례로 실행하세요(Shift+Enter). 같은 파일을 `python demos/04_computational_graph.py [그림 폴더]`로 실행하면 같은 숫자를 출력하고 그림을 파일로 저장합니다.
#
# *English: write `LANG = "en"` in the `import` cell below (or start Jupyter with `MICROGRADKR_LANG=en`): every printed line, picture and check is then in English.*

# %%
import os

from microgradkr import Value, draw_dot, explore, gates
from microgradkr.exercises import check, hint
from microgradkr.fmt import format_beside
from microgradkr.tour import kit

LANG = os.environ.get("MICROGRADKR_LANG", "ko")  # 영어 / English: LANG = "en"
demo = kit.start("04_computational_graph", lang=LANG)
t = demo.t


# %% [markdown]
# ## 입력
#
# 사과 100원짜리 2개, 소비세 1.1 (밑바닥부터 시작하는 딥러닝 5.4). 각 값은 이름표(label)를 단 `Value`입니다.

# %%
# 사과 100원짜리 2개, 소비세 1.1 (밑바닥부터 시작하는 딥러닝 5.4)
apple = Value(100.0, t("사과", "apple"))
apple_num = Value(2.0, t("사과 개수", "apple count"))
tax = Value(1.1, t("소비세", "tax"))


# %% [markdown]
# ## 순전파
#
# 곱셈 노드 두 개: 사과 × 개수 = 사과 가격, 사과 가격 × 소비세 = 지불 금액.

# %%
apple_price = apple * apple_num          # 곱셈 노드
apple_price.label = t("사과 가격", "apple price")
price = apple_price * tax                # 곱셈 노드
price.label = t("지불 금액", "total")
print(t("사과 쇼핑 순전파:", "Apples, forward:"), f"{apple_price.label} = {apple_price.data:g},",
      f"{price.label} = {format_beside(price.data)}")  # 220 as the picture, the float beside it
demo.picture(draw_dot(price, "forward", demo.lang), "apple_forward.svg",
             t("사과 쇼핑의 순전파: 왼쪽에서 오른쪽으로 값이 흐릅니다", "Apples, forward: values flow left to right"))


# %% [markdown]
# ## 역전파
#
# `price.backward()` 한 번이면 모든 입력의 `.grad`에 기울기가 들어갑니다. 그림의 간선마다 '국소적 미분 × 상류 기울기'가 적혀 있습니다.

# %%
# 곱셈 노드는 상류 기울기에 '다른 쪽 입력'을 곱해 보냅니다 (국소적 계산 + 연쇄법칙)
price.backward()
print(t("사과 쇼핑 역전파:", "Apples, backward:"),
      ", ".join(f"∂{price.label}/∂{v.label} = {format_beside(v.grad)}" for v in (apple, apple_num, tax)))
demo.picture(draw_dot(price, "backward", demo.lang), "apple_backward.svg",
             t("사과 쇼핑의 역전파: 간선마다 국소적 미분 × 상류 기울기", "Apples, backward: local gradient × upstream on each edge"))
demo.player(price, "apple_player.html", t("역전파 재생기: 사과 쇼핑", "Backprop player: buying apples"))


# %% [markdown]
# ## 학습지
#
# `draw_dot(..., blanks=[...])`는 고른 값이나 기울기를 ?로 비운 그림을 그립니다. 인쇄해서 나눠 주고, 정답은 `.answers`에 있습니다.

# %%
# 사과와 소비세의 기울기를 ?로 비운 그림과 정답
worksheet = draw_dot(price, "backward", demo.lang, blanks=[apple, tax])
demo.picture(worksheet, "apple_worksheet.svg", t("학습지: ? 칸의 기울기를 손으로 구해 보세요", "Worksheet: work out each ? by hand"))
demo.picture(worksheet.answers, "apple_answers.svg", t("학습지의 정답", "The worksheet's answers"))


# %% [markdown]
# ## 사과와 오렌지 (덧셈 노드가 하나 더)
#
# 오렌지 150원짜리 3개가 더해지면 덧셈 노드가 생깁니다. 역전파 재생기에서 '다음'을 눌러 한 노드씩 기울기가 전해지는 것을 보세요.

# %%
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


# %% [markdown]
# ### 직접 움직여 보기
#
# 노트북에서는 슬라이더로 사과 개수와 소비세를 바꾸며 모든 기울기가 따라 바뀌는 것을 볼 수 있습니다.
# (python으로 실행하면 이 셀은 아무것도 하지 않습니다.)

# %%
if demo.inline:
    from IPython.display import display

    display(explore(gates.apple(lang=LANG), lang=LANG))


# %% [markdown]
# ## 덧셈 노드와 곱셈 노드
#
# CS231n의 회로 f = (x + y)·z, x = -2, y = 5, z = -4.

# %%
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


# %% [markdown]
# ## 연습 문제
#
# 함수 안의 `...`를 지우고 답을 쓴 뒤 셀을 실행하세요. `check(함수)`가 여러 입력(hypothesis가 고릅니다)에서 여러분의 답을 엔진이 계산한 값과 비교해, 통과인지 아니면 틀린 입력 하나(입력, 기대한 값, 내 답)를 알려 줍니다. 막히면 `hint(함수)`를 실행하세요. 정답은 노트북 어디에도 적혀 있지 않습니다: 엔진이 입력마다 계산합니다.


# %% [markdown]
# ### 연습 1. 곱셈 노드의 역전파 (MulLayer의 backward)
#
# 곱셈 노드 z = x·y에 상류 기울기 `dout`이 왔습니다. 입력 쪽으로 보낼 기울기 `(dx, dy)`를 돌려주세요.

# %%
def mul_backward(x, y, dout):
    """z = x·y의 역전파: (dx, dy)"""
    ...  # TODO


check(mul_backward, lang=LANG)


# %% [markdown]
# ### 연습 2. 덧셈 노드의 역전파 (AddLayer의 backward)
#
# 덧셈 노드 z = x + y에 상류 기울기 `dout`이 왔습니다. `(dx, dy)`를 돌려주세요.

# %%
def add_backward(x, y, dout):
    """z = x + y의 역전파: (dx, dy)"""
    ...  # TODO


check(add_backward, lang=LANG)


# %% [markdown]
# ### 연습 3. 사과 쇼핑의 기울기를 손으로
#
# 지불 금액 = 사과 × 개수 × 소비세. 연쇄법칙으로 `(∂지불/∂사과, ∂지불/∂개수, ∂지불/∂소비세)`를 손으로 계산해 돌려주세요. 엔진의 `backward()`는 쓰지 않습니다.

# %%
def apple_grads(apple, count, tax):
    """(∂price/∂apple, ∂price/∂count, ∂price/∂tax)"""
    ...  # TODO


check(apple_grads, lang=LANG)
