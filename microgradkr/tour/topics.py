"""The tour's topics, in order: which demo script, its title, what it shows, and which tutorial topic.

The demos themselves live in the repository's ``demos/`` folder, installed
with the package as ``microgradkr/demos/`` (see pyproject.toml), so the tour
runs the very scripts a learner reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, NamedTuple, Tuple

#: the folder, next to index.html, that holds every file the page shows
FILES = "tour-files"


class Topic(NamedTuple):
    script: str                 # file name in demos/
    title: Dict[str, str]       # 'ko' / 'en'
    intro: Dict[str, str]
    tutorial: Dict[str, str]    # the tutorial topic it reproduces


def _t(ko: str, en: str) -> Dict[str, str]:
    return {"ko": ko, "en": en}


TOPICS: Tuple[Topic, ...] = (
    Topic("01_random_init.py",
          _t("난수와 가중치 초기화", "Random numbers and initialisation"),
          _t("균등 분포와 정규 분포에서 뽑은 가중치, Xavier와 He의 표준편차, 그리고 초기값의 크기가 "
             "시그모이드 층 5개를 지난 활성화 값을 어떻게 바꾸는지 봅니다.",
             "Weights drawn from uniform and normal distributions, the Xavier and He scales, and what "
             "the initial scale does to the activations of 5 sigmoid layers."),
          _t("가중치 초기값", "Weight initialisation")),
    Topic("02_perceptron_gates.py",
          _t("퍼셉트론 게이트", "Perceptron gates"),
          _t("AND, OR, NAND 퍼셉트론의 진리표, 직선 하나로는 만들 수 없는 XOR, NAND와 OR를 AND로 "
             "이어 만든 XOR. 계단 함수의 미분이 0이라 역전파가 가중치에 아무것도 전하지 못하는 것도 그림으로 봅니다.",
             "Truth tables of the AND, OR and NAND perceptrons, why one line cannot make XOR, and XOR "
             "from NAND and OR into AND. The pictures show the step function's zero gradient."),
          _t("퍼셉트론", "Perceptrons")),
    Topic("03_activation_functions.py",
          _t("활성화 함수", "Activation functions"),
          _t("계단, 시그모이드, ReLU, tanh와 그 미분. 미분은 손으로 쓴 공식이 아니라 역전파로 구한 x.grad입니다.",
             "Step, sigmoid, ReLU and tanh with their derivatives, taken from backpropagation (x.grad), "
             "not from formulas typed in by hand."),
          _t("활성화 함수", "Activation functions")),
    Topic("04_computational_graph.py",
          _t("계산 그래프와 역전파", "Computational graphs and backpropagation"),
          _t("사과 쇼핑과 사과·오렌지 쇼핑의 계산 그래프. 곱셈 노드와 덧셈 노드가 기울기를 어떻게 "
             "전하는지 그림과 역전파 재생기로 한 단계씩 봅니다. "
             "Jupyter에서 explore(gates.apple())를 실행하면 슬라이더로 사과 개수를 바꾸며 모든 기울기가 "
             "따라 바뀌는 것을 직접 볼 수 있습니다(README의 'Jupyter에서 직접 움직여 보기').",
             "The apple and apple-and-orange graphs; how the multiply node and the add node pass "
             "gradients back, in pictures and in the step-by-step backprop player. "
             "In Jupyter, explore(gates.apple()) puts a slider on the apple count: move it and watch "
             "every gradient follow (README: 'Explore it live in Jupyter')."),
          _t("계산 그래프, 연쇄법칙, 덧셈 노드와 곱셈 노드", "Computational graphs, the chain rule, add and multiply nodes")),
    Topic("05_sigmoid_neuron.py",
          _t("시그모이드 뉴런 하나의 학습", "One sigmoid neuron learning"),
          _t("입력 1 → 목표 0을 손으로 쓴 규칙 w ← w + x·α·오차와 backward()로 배우고, 입력 0 → 목표 1은 "
             "편향이 없으면 배우지 못하고 편향이 있으면 배우는 것을 봅니다.",
             "Input 1 → target 0 learned by the hand rule w ← w + x·α·error and by backward(); "
             "input 0 → target 1 fails without a bias and is learned with one."),
          _t("가중치와 편향, 단일 뉴런 학습", "Weights and bias, a single neuron learning")),
    Topic("06_three_layer_forward.py",
          _t("3층 신경망의 순전파", "A three-layer forward pass"),
          _t("튜토리얼의 숫자 X = [1.0, 0.5]로 A1 = [0.3, 0.7, 1.1], Z1 = sigmoid(A1)을 거쳐 항등 함수 "
             "출력까지 계산하고, 그 신경망을 교과서처럼 층마다 원(뉴런)과 간선의 가중치로 그립니다.",
             "The tutorial's numbers, X = [1.0, 0.5], through A1 = [0.3, 0.7, 1.1] and Z1 = sigmoid(A1) "
             "to the identity output, and that network drawn as textbooks draw it: circles in layers, weights on the edges."),
          _t("신경망의 순전파", "The forward pass of a network")),
    Topic("07_linear_regression.py",
          _t("선형 회귀 y = ax + b", "Linear regression y = ax + b"),
          _t("잡음 섞인 점 50개에 학습률 0.002로 50번 경사 하강법을 하고, 공부 시간과 성적 데이터가 "
             "기울기 a = 2.3, 절편 b = 79로 수렴하는 것을 봅니다.",
             "50 noisy points, learning rate 0.002, 50 steps of gradient descent; then the study-hours "
             "data converging to slope a = 2.3, intercept b = 79."),
          _t("경사 하강법과 선형 회귀", "Gradient descent and linear regression")),
    Topic("08_xor_mlp.py",
          _t("XOR을 배우는 다층 퍼셉트론", "An MLP learning XOR"),
          _t("퍼셉트론 하나로는 안 되던 XOR을 은닉층이 있는 신경망이 역전파로 배웁니다: 결정 경계와 학습 곡선, "
             "그리고 학습한 신경망의 가중치와 기울기를 층마다 원으로 그린 그림.",
             "The XOR a single perceptron cannot do, learned by a network with a hidden layer: its "
             "decision boundary, learning curve, and the trained network's weights and gradients drawn in layers."),
          _t("다층 퍼셉트론과 오차역전파", "Multi-layer perceptrons and backpropagation")),
    Topic("09_optimizers.py",
          _t("최적화 기법", "Optimizers"),
          _t("SGD, Momentum, AdaGrad, Adam이 f(x, y) = x²/20 + y²의 바닥을 찾아가는 경로를 비교합니다.",
             "SGD, Momentum, AdaGrad and Adam on f(x, y) = x²/20 + y²: their paths to the bottom."),
          _t("매개변수 갱신", "Parameter updates")),
    Topic("10_two_moons.py",
          _t("두 개의 반달", "Two moons"),
          _t("micrograd의 데모 그대로: 2-16-16-1 신경망이 힌지 손실로 두 반달을 나눕니다. 학습한 신경망도 층마다 원으로 그립니다.",
             "micrograd's own demo: a 2-16-16-1 network separates two moons with the hinge loss; the trained "
             "network is drawn in layers too."),
          _t("분류 신경망 학습", "Training a classifier")),
    Topic("11_learning_techniques.py",
          _t("학습 관련 기술", "Learning techniques"),
          _t("학습/검증/시험 데이터 나누기, 가중치 감소, 드롭아웃, 배치 정규화.",
             "Training/validation/test split, weight decay, dropout and batch normalisation."),
          _t("과대적합과 정규화", "Overfitting and regularisation")),
    Topic("12_newton.py",
          _t("뉴턴 방법과 2차 미분", "Newton's method and second derivatives"),
          _t("grad(..., create_graph=True)로 f'을 계산 그래프로 만들고 한 번 더 미분해 f''을 얻어, "
             "f(x) = x⁴ - 2x²의 최솟값을 뉴턴 방법으로 찾습니다. 역전파가 만든 그래프도 그림으로 봅니다.",
             "grad(..., create_graph=True) builds f' as a graph; differentiating it again gives f'', and "
             "Newton's method finds the minimum of f(x) = x⁴ - 2x². The graph the backward pass built is drawn too."),
          _t("고계 미분 (밑바닥부터 시작하는 딥러닝 3)", "Higher-order derivatives (DLFS 3)")),
    Topic("13_your_own_op.py",
          _t("나만의 연산 만들기", "Your own op"),
          _t("시그모이드를 순전파와 국소 미분 한 줄씩으로 내 연산으로 정의하고, 밑바닥 1권의 MulLayer 계층을 "
             "그대로 연산으로 바꿉니다. 엔진이 그림, 역전파, 기울기 확인, 속성 테스트, 2차 미분을 해 줍니다.",
             "Sigmoid defined as your own op (a forward and a local derivative, one line each), and DLFS's "
             "MulLayer turned into an op as it is; the engine draws, backpropagates, gradchecks, "
             "property-tests and differentiates them twice."),
          _t("계층 구현, 새 함수 추가 (밑바닥 1권 5장, 3권)", "Layers and new functions (DLFS 1 ch. 5, DLFS 3)")),
)


def demo_folder() -> Path:
    """Where the demo scripts are: installed with the package, or the repository's demos/."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "demos"
    if installed.is_dir():
        return installed
    return package.parent / "demos"  # running from a source checkout
