# %% [markdown]
# # 13 나만의 연산 만들기
#
# *시그모이드를 내 연산으로, 밑바닥 1권의 MulLayer를 계층 그대로 연산으로.*
#
# 엔진에 없는 연산도 직접 만들 수 있습니다. 연산 하나는 **순전파**(forward)와 국소적 미분(local_grads)을 한 번만 씁니다.
# 그러면 엔진이 나머지를 해 줍니다: **계산 그래프** 그림, **역전파**(**연쇄법칙**), **수치 미분**과 비교하는 **기울기 확인**,
# hypothesis로 하는 속성 테스트, 2차 미분까지. 밑바닥 1권의 MulLayer 계층도 그대로 연산이 됩니다.
#
# **실행**: 셀을 위에서부터 차례로 실행하세요(Shift+Enter). 같은 파일을 `python demos/13_your_own_op.py [그림 폴더]`로 실행하면 같은 숫자를 출력하고 그림을 파일로 저장합니다.
#
# *English: write `LANG = "en"` in the `import` cell below (or start Jupyter with `MICROGRADKR_LANG=en`): every printed line, picture and check is then in English.*

# %%
import os

from microgradkr import Value, define_op, draw_dot, grad, gradcheck, layer_op
from microgradkr.exercises import check, hint
from microgradkr.tour import kit

LANG = os.environ.get("MICROGRADKR_LANG", "ko")  # 영어 / English: LANG = "en"
demo = kit.start("13_your_own_op", lang=LANG)
t = demo.t


# %% [markdown]
# ## 1. 시그모이드를 내 연산으로
#
# `m`은 '산술'입니다: 순전파에서는 실수, 2차 미분에서는 Value, compile에서는 코드. 그래서 `math.exp`가 아니라 `m.exp`를 씁니다. `out`은 순전파의 결과 σ(x)입니다.

# %%
# m은 "산술": 순전파에서는 실수, 2차 미분에서는 Value, compile에서는 코드입니다.
# 그래서 math.exp가 아니라 m.exp를 씁니다. out은 순전파의 결과 σ(x): σ'(x) = σ(x)(1 - σ(x)).
my_sigmoid = define_op(
    "my_sigmoid", symbol="σ", ko="내 시그모이드", en="my sigmoid",
    forward=lambda m, x: 1 / (1 + m.exp(-x)),
    local_grads=lambda m, out, x: (out * (1 - out),))

x = Value(0.5, label="x")
y = my_sigmoid(x)
y.label = "y"
y.backward()
print(t(f"내 시그모이드: σ(0.5) = {y.data!r}, dσ/dx = {x.grad!r}",
        f"my sigmoid: σ(0.5) = {y.data!r}, dσ/dx = {x.grad!r}"))
demo.picture(draw_dot(y, "forward", demo.lang), "my_sigmoid_forward.svg",
             t("내가 정의한 시그모이드 연산의 순전파", "The forward pass of my own sigmoid op"))
demo.picture(draw_dot(y, "backward", demo.lang), "my_sigmoid_backward.svg",
             t("같은 연산의 역전파: 국소 미분 σ(1-σ) × 상류 기울기 1", "Its backward pass: local σ(1-σ) × upstream 1"))

# %% [markdown]
# **기울기 확인**: 역전파로 구한 미분과 **수치 미분**(중앙 차분)을 비교합니다.

# %%
# 기울기 확인: 역전파와 수치 미분(중앙 차분)이 같은가
print(t("기울기 확인 (x = -2, 0, 3):", "Gradient check (x = -2, 0, 3):"),
      all(gradcheck(lambda v: my_sigmoid(v[0]), [x0]) for x0 in (-2.0, 0.0, 3.0)))

# %% [markdown]
# 국소적 미분을 `m`으로 썼으므로 엔진이 한 번 더 미분할 수 있습니다.

# %%
# 2차 미분: 국소 미분을 m으로 썼으므로 엔진이 한 번 더 미분할 수 있습니다. σ'' = σ'(1 - 2σ)
x = Value(0.5, label="x")
first = grad(my_sigmoid(x), x, create_graph=True)
second = grad(first, x)
s = y.data
print(t(f"2차 미분: σ''(0.5) = {second!r} (공식 σ(1-σ)(1-2σ) = {s * (1 - s) * (1 - 2 * s)!r})",
        f"second derivative: σ''(0.5) = {second!r} (formula σ(1-σ)(1-2σ) = {s * (1 - s) * (1 - 2 * s)!r})"))

# %% [markdown]
# 속성 테스트: hypothesis가 정의역 안의 x를 200개 뽑아 역전파를 수치 미분과 비교합니다.

# %%
# 속성 테스트: hypothesis가 정의역 안의 x를 수백 개 뽑아 역전파를 수치 미분과 비교합니다
try:
    from hypothesis import given, settings

    from microgradkr.testing import op_cases
except ImportError:  # hypothesis comes with the test extra
    print(t("속성 테스트는 hypothesis가 필요합니다: pip install 'microgradkr[test]'",
            "The property test needs hypothesis: pip install 'microgradkr[test]'"))
else:
    import tempfile

    from hypothesis.configuration import set_hypothesis_home_dir

    scratch = tempfile.TemporaryDirectory()  # hypothesis keeps notes; not in the learner's folder
    set_hypothesis_home_dir(scratch.name)
    checked = []

    @settings(max_examples=200, deadline=None, database=None)
    @given(op_cases("my_sigmoid"))
    def property_test(case):
        f, inputs = case
        checked.append(inputs[0])
        assert gradcheck(f, inputs)

    property_test()
    scratch.cleanup()
    print(t(f"속성 테스트: x {len(checked)}개 모두 통과 ({min(checked):.2f} ~ {max(checked):.2f})",
            f"property test: all {len(checked)} inputs pass ({min(checked):.2f} to {max(checked):.2f})"))



# %% [markdown]
# ## 2. 밑바닥 1권의 MulLayer를 그대로
#
# forward(x, y)와 backward(dout)가 있는 계층을 `layer_op`에 주면 연산이 됩니다. 사과 쇼핑의 220원, ∂사과 2.2가 다시 나옵니다.

# %%
class MulLayer:
    """곱셈 계층 (밑바닥부터 시작하는 딥러닝 1, 5.4절): forward는 곱, backward는 서로 바꿔 곱하기."""

    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x = x
        self.y = y
        return x * y

    def backward(self, dout):
        dx = dout * self.y
        dy = dout * self.x
        return dx, dy


# %% [markdown]
# `layer_op`이 계층을 연산으로 바꿉니다: backward(1)이 국소적 미분입니다.

# %%
mul_layer = layer_op(MulLayer(), "mul_layer", symbol="×", ko="곱셈 계층", en="multiply layer")

# 사과 쇼핑: 사과 100원 × 2개 × 소비세 1.1
apple = Value(100.0, label=t("사과 가격", "apple price"))
count = Value(2.0, label=t("사과 개수", "apple count"))
tax = Value(1.1, label=t("소비세", "tax"))
apple_total = mul_layer(apple, count)
apple_total.label = t("사과 금액", "apple total")
price = mul_layer(apple_total, tax)
price.label = t("지불 금액", "price")
price.backward()
print(t(f"MulLayer로 만든 사과 쇼핑: 지불 금액 {price.data:.0f}, d사과 가격 {apple.grad:.1f}, "
        f"d사과 개수 {count.grad:.0f}, d소비세 {tax.grad:.0f}",
        f"apple shopping with MulLayer: price {price.data:.0f}, d apple price {apple.grad:.1f}, "
        f"d apple count {count.grad:.0f}, d tax {tax.grad:.0f}"))
demo.picture(draw_dot(price, "backward", demo.lang), "mul_layer_backward.svg",
             t("MulLayer 두 개로 만든 사과 쇼핑의 역전파", "Backward through two MulLayers: the apple example"))
print(t("MulLayer 기울기 확인:", "MulLayer gradient check:"),
      gradcheck(lambda v: mul_layer(mul_layer(v[0], v[1]), v[2]), [100.0, 2.0, 1.1]))


# %% [markdown]
# ## 연습 문제
#
# 함수 안의 `...`를 지우고 답을 쓴 뒤 셀을 실행하세요. `check(함수)`가 여러 입력(hypothesis가 고릅니다)에서 여러분의 답을 엔진이 계산한 값과 비교해, 통과인지 아니면 틀린 입력 하나(입력, 기대한 값, 내 답)를 알려 줍니다. 막히면 `hint(함수)`를 실행하세요. 정답은 노트북 어디에도 적혀 있지 않습니다: 엔진이 입력마다 계산합니다.


# %% [markdown]
# ### 연습 1. tanh를 내 연산으로
#
# tanh를 `define_op`로 만든다고 하고, 국소적 미분 `local_grads(m, out, x)`를 쓰세요. `out`은 순전파의 결과 tanh(x)이고, 피연산자마다 하나씩 튜플로 돌려줍니다. check가 `define_op(..., forward=lambda m, x: m.tanh(x), local_grads=여러분의 함수)`로 연산을 만들어 엔진의 tanh와 비교합니다.

# %%
def tanh_local_grads(m, out, x):
    """tanh의 국소적 미분: (∂out/∂x,)"""
    ...  # TODO


check(tanh_local_grads, lang=LANG)


# %% [markdown]
# ### 연습 2. 수치 미분
#
# 함수 f(실수 → 실수)와 x를 받아 f'(x)를 중앙 차분으로 근사해 돌려주세요. check는 여러 다항식에서 엔진의 backward()와 비교합니다 (상대 오차 1e-6까지 허용).

# %%
def numerical_derivative(f, x):
    """(f(x + h) - f(x - h)) / 2h"""
    ...  # TODO


check(numerical_derivative, lang=LANG)
