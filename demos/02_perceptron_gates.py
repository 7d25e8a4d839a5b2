# %% [markdown]
# # 02 퍼셉트론 게이트
#
# *AND, OR, NAND의 진리표, 직선 하나로는 안 되는 XOR, NAND + OR → AND로 만든 XOR.*
#
# **퍼셉트론**은 입력에 **가중치**를 곱해 더하고 **편향**을 더한 값이 0보다 크면 1, 아니면 0을 냅니다:
# y = step(x1·w1 + x2·w2 + b). 가중치와 편향만 바꾸면 AND, OR, NAND 게이트가 됩니다. 하지만 XOR은 직선 하나로
# 나눌 수 없어서 퍼셉트론 하나로는 만들 수 없고, NAND와 OR를 AND로 이은 2층 퍼셉트론이 필요합니다.
# 마지막으로 **계산 그래프**를 **역전파**해 보면 계단 함수의 미분이 0이라 가중치에 기울기가 전혀 전해지지 않습니다.
#
# **실행**: 셀을 위에서부터 차례로 실행하세요(Shift+Enter). 같은 파일을 `python demos/02_perceptron_gates.py [그림 폴더]`로 실행하면 같은 숫자를 출력하고 그림을 파일로 저장합니다.
#
# *English: write `LANG = "en"` in the `import` cell below (or start Jupyter with `MICROGRADKR_LANG=en`): every printed line, picture and check is then in English.*

# %%
import os

from microgradkr import draw_dot, gates
from microgradkr.exercises import check, hint
from microgradkr.tour import kit

LANG = os.environ.get("MICROGRADKR_LANG", "ko")  # 영어 / English: LANG = "en"
demo = kit.start("02_perceptron_gates", lang=LANG)
t = demo.t


# %% [markdown]
# ## 입력
#
# 튜토리얼의 가중치와 편향 (w1, w2, b)입니다.

# %%
# 퍼셉트론: y = step(x1·w1 + x2·w2 + b), step(t) = 1 (t > 0일 때), 아니면 0
INPUTS = [(0, 0), (1, 0), (0, 1), (1, 1)]
AND = gates.GATE_PARAMS["and"]              # (0.5, 0.5, -0.7)
OR = gates.GATE_PARAMS["or_tutorial"]       # (0.6, 0.6, -0.5), 튜토리얼의 OR
NAND = gates.GATE_PARAMS["nand"]            # (-0.5, -0.5, 0.7)


# %% [markdown]
# ## 순전파: 진리표
#
# 네 입력 (0, 0), (1, 0), (0, 1), (1, 1)에 대해 **순전파**로 출력을 구합니다. 그다음 -1 ~ 1 사이의 모든 (w1, w2, b)를 시험해 직선 하나로 XOR을 만들 수 있는지 봅니다.

# %%
print(t("진리표 (x1, x2 → y)", "Truth tables (x1, x2 → y)"))
tables = {}
for name, builder, params in (("AND", gates.and_gate, AND), ("OR", gates.or_gate, OR),
                              ("NAND", gates.nand_gate, NAND)):
    outputs = [int(builder(x1, x2, lang=demo.lang, params=params).output.data) for x1, x2 in INPUTS]
    tables[name] = outputs
    print(f"  {name:4s} w1={params[0]:+.1f} w2={params[1]:+.1f} b={params[2]:+.1f}:  "
          + "  ".join(f"{x1}{x2}→{y}" for (x1, x2), y in zip(INPUTS, outputs)))

# 직선 하나(w1·x1 + w2·x2 + b = 0)로 XOR을 만들 수 있을까? -1 ~ 1 사이 0.1 간격의 모든
# (w1, w2, b)를 시험해 봅니다: AND와 OR는 많이 찾지만 XOR은 하나도 없습니다.
grid = [k / 10 for k in range(-10, 11)]
found = {"AND": 0, "OR": 0, "XOR": 0}
wanted = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "XOR": [0, 1, 1, 0]}
for w1 in grid:
    for w2 in grid:
        for b in grid:
            outputs = [1 if x1 * w1 + x2 * w2 + b > 0 else 0 for x1, x2 in INPUTS]
            for name, target in wanted.items():
                found[name] += outputs == target
print(t(f"\n직선 하나로 되는 (w1, w2, b) 조합 ({len(grid) ** 3}개 중):",
        f"\n(w1, w2, b) on one line that work (out of {len(grid) ** 3}):"),
      ", ".join(f"{name} {n}" for name, n in found.items()))

# XOR = AND(NAND(x1, x2), OR(x1, x2)): 2층 퍼셉트론
xor_outputs = [int(gates.xor_gate(x1, x2, lang=demo.lang).output.data) for x1, x2 in INPUTS]
tables["XOR"] = xor_outputs
print(t("XOR = AND(NAND, OR):", "XOR = AND(NAND, OR):"),
      "  ".join(f"{x1}{x2}→{y}" for (x1, x2), y in zip(INPUTS, xor_outputs)))


def draw_lines(path):
    # 네 입력점과 각 퍼셉트론의 직선 w1·x1 + w2·x2 + b = 0
    with demo.figure(path, ncols=3, width=3.0, height=3.0) as (fig, axes):
        for ax, (name, params) in zip(axes, (("AND", AND), ("OR", OR), ("XOR", None))):
            colours = ["tab:red" if y else "white" for y in tables[name]]
            ax.scatter([p[0] for p in INPUTS], [p[1] for p in INPUTS], c=colours, edgecolors="black", s=80)
            if params:
                w1, w2, b = params
                ax.plot([-0.5, 1.5], [(-b - w1 * x) / w2 for x in (-0.5, 1.5)], color="tab:blue")
            ax.set_xlim(-0.5, 1.5)
            ax.set_ylim(-0.5, 1.5)
            ax.set_title(name if params else t("XOR: 직선 하나로는 불가능", "XOR: no single line"))


demo.plot("lines.png", t("빨간 점이 1: AND와 OR는 직선 하나로 나뉘지만 XOR은 아닙니다",
                         "Red points are 1: one line splits AND and OR, but not XOR"), draw_lines)


# %% [markdown]
# ## 역전파
#
# AND(1, 1)의 계산 그래프를 그리고 역전파합니다. 그림의 빨간 숫자가 기울기입니다.

# %%
# 계단 함수의 미분은 0이라서 (t = 0 말고는) 역전파로 가중치에 전달되는 기울기가 모두 0입니다.
and_circuit = gates.and_gate(1, 1, lang=demo.lang)
demo.picture(draw_dot(and_circuit, "forward", demo.lang), "and_forward.svg",
             t("AND(1, 1)의 순전파", "AND(1, 1), forward"))
and_circuit.backward()
demo.picture(draw_dot(and_circuit, "backward", demo.lang), "and_backward.svg",
             t("AND(1, 1)의 역전파: 계단 함수 뒤의 기울기는 모두 0", "AND(1, 1), backward: every gradient behind the step is 0"))
print(t("\nAND(1, 1) 역전파 후 기울기:", "\nGradients after backward() on AND(1, 1):"),
      ", ".join(f"∂y/∂{leaf.label} = {leaf.grad:g}" for leaf in and_circuit.inputs.values()))

xor_circuit = gates.xor_gate(1, 0, lang=demo.lang).backward()
demo.picture(draw_dot(xor_circuit, "backward", demo.lang), "xor_backward.svg",
             t("XOR(1, 0) = AND(NAND, OR)의 역전파", "XOR(1, 0) = AND(NAND, OR), backward"))
demo.player(xor_circuit, "xor_player.html", t("역전파 재생기: XOR(1, 0)", "Backprop player: XOR(1, 0)"))
print(t("그래서 퍼셉트론은 역전파로 배울 수 없고, 매끄러운 활성화 함수(시그모이드 등)가 필요합니다.",
        "So a perceptron cannot learn by backpropagation: it needs a smooth activation (sigmoid ...)."))


# %% [markdown]
# ## 연습 문제
#
# 함수 안의 `...`를 지우고 답을 쓴 뒤 셀을 실행하세요. `check(함수)`가 여러 입력(hypothesis가 고릅니다)에서 여러분의 답을 엔진이 계산한 값과 비교해, 통과인지 아니면 틀린 입력 하나(입력, 기대한 값, 내 답)를 알려 줍니다. 막히면 `hint(함수)`를 실행하세요. 정답은 노트북 어디에도 적혀 있지 않습니다: 엔진이 입력마다 계산합니다.


# %% [markdown]
# ### 연습 1. 퍼셉트론 하나
#
# 입력 x1, x2와 가중치 w1, w2, 편향 b를 받아 퍼셉트론의 출력(0 또는 1)을 돌려주세요. 가중합이 0이면 0입니다.

# %%
def perceptron(x1, x2, w1, w2, b):
    """y = step(x1·w1 + x2·w2 + b)"""
    ...  # TODO


check(perceptron, lang=LANG)


# %% [markdown]
# ### 연습 2. NAND 게이트
#
# 가중치와 편향을 직접 골라 NAND 게이트를 만드세요: (1, 1)일 때만 0, 나머지는 1.

# %%
def nand(x1, x2):
    """NAND 게이트: 가중치와 편향을 골라 퍼셉트론으로"""
    ...  # TODO


check(nand, lang=LANG)
