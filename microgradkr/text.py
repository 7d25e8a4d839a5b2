"""Every sentence microgradkr shows a person, in Korean and English, in one table.

``message(key, **fields)`` gives an error message (Korean line, then English
line) for exceptions; ``say(key, lang, **fields)`` gives one language for
output a learner reads.
"""

from __future__ import annotations

LANGS = ("ko", "en")

STRINGS = {
    # ---- errors
    "bad_type": {
        "ko": "{where}: 실수나 Value가 필요한데 {value} ({type})이(가) 왔습니다",
        "en": "{where}: expected a real number or a Value, got {value} ({type})",
    },
    "bad_label": {
        "ko": "Value: label은 문자열이어야 합니다. 받은 값: {value} ({type})",
        "en": "Value: label must be a str, got {value} ({type})",
    },
    "linear_lengths": {
        "ko": "linear: 가중치 {w}개와 입력 {x}개의 개수가 다릅니다",
        "en": "linear: {w} weights but {x} inputs; they must match",
    },
    "bad_grad_output": {
        "ko": "grad: output은 Value여야 합니다. 받은 값: {value} ({type})",
        "en": "grad: output must be a Value, got {value} ({type})",
    },
    "bad_grad_input": {
        "ko": "grad: inputs는 Value 하나 또는 Value의 리스트여야 합니다. 받은 값: {value} ({type})",
        "en": "grad: inputs must be a Value or a list of Values, got {value} ({type})",
    },
    "anomaly_forward": {
        "ko": "detect_anomaly: 순전파에서 {op} 연산이 nan을 만들었습니다 (입력: {inputs})",
        "en": "detect_anomaly: op {op} gave nan in the forward pass (inputs: {inputs})",
    },
    "anomaly_backward": {
        "ko": ("detect_anomaly: 역전파에서 {op} 연산(label {label})의 {position}번째 입력으로 "
               "가는 기울기가 nan입니다 (입력: {inputs}; 국소 기울기 {local} × 상류 기울기 {upstream})"),
        "en": ("detect_anomaly: op {op} (label {label}) sent a nan gradient to its input "
               "#{position} in the backward pass (inputs: {inputs}; local {local} × upstream {upstream})"),
    },
    # ---- command line
    "forward": {"ko": "순전파 (값):", "en": "Forward pass (values):"},
    "backward": {"ko": "역전파 ({output}에 대한 기울기):", "en": "Backward pass (gradients of {output}):"},
    "cli_description": {"ko": "학습용 스칼라 자동 미분 엔진", "en": "a scalar autograd engine for learning"},
    "cli_apple_help": {"ko": "사과 쇼핑 계산 그래프의 순전파와 역전파", "en": "forward and backward of the apple example"},
    "lang": {
        "ko": "lang은 'ko' 또는 'en'이어야 합니다. 받은 값: {value!r}",
        "en": "lang must be 'ko' or 'en', got {value!r}",
    },
}

# ==================================================================== pictures
# Strings of microgradkr.draw (drawings, renderer, backprop player), the gate
# gallery and the `draw` / `gates` commands.
STRINGS.update({
    # ---- inside pictures and listings
    "draw_value": {"ko": "값 {value}", "en": "value {value}"},
    "draw_grad": {"ko": "기울기 {grad}", "en": "grad {grad}"},
    "draw_no_backward": {
        "ko": "기울기 없음: 출력에서 backward()를 아직 호출하지 않았습니다",
        "en": "No gradients yet: call backward() on the output first",
    },
    "draw_legend": {
        "ko": "빨간 숫자는 기울기. 간선: 국소적 미분 × 상류 기울기 = 피연산자가 받는 기울기",
        "en": "Red numbers are gradients. Edges: local gradient × upstream gradient = what the operand receives",
    },
    "draw_constant": {"ko": "상수", "en": "constant"},
    # ---- errors
    "draw_bad_root": {
        "ko": "{where}: Value(또는 .output이 있는 회로)가 필요한데 {value} ({type})이(가) 왔습니다",
        "en": "{where}: expected a Value (or a circuit with .output), got {value} ({type})",
    },
    "draw_bad_suffix": {
        "ko": "save: 파일 확장자 {suffix!r}는 지원하지 않습니다. .svg, .dot, .gv, .png 중 하나를 쓰세요",
        "en": "save: unsupported file suffix {suffix!r}; use .svg, .dot, .gv or .png",
    },
    "raster_without_hangul": {
        "ko": ("graphviz-pure는 {fmt} 그림에 한글 글자를 그리지 못해 네모로 나옵니다. "
               "SVG로 저장하거나 시스템 Graphviz를 설치하세요 (apt-get install graphviz)"),
        "en": ("graphviz-pure draws no Hangul glyphs in {fmt} output (they show as boxes); "
               "save as SVG or install a system Graphviz (apt-get install graphviz)"),
    },
    "renderer_not_found": {
        "ko": ("그림을 그릴 Graphviz 렌더러를 찾지 못했습니다 (찾아본 곳: {tried}).\n"
               "  해결 방법: (1) pip install graphviz-pure  (2) Graphviz 설치: apt-get install graphviz, "
               "brew install graphviz 또는 https://graphviz.org/download/  "
               "(3) 환경 변수 MICROGRADKR_DOT에 dot 실행 파일 경로 지정.\n"
               "  렌더러 없이도 .source(DOT 텍스트)와 .text()(노드 목록)는 쓸 수 있습니다."),
        "en": ("No Graphviz renderer found (looked at: {tried}).\n"
               "  Fixes: (1) pip install graphviz-pure  (2) install Graphviz: apt-get install graphviz, "
               "brew install graphviz or https://graphviz.org/download/  "
               "(3) set MICROGRADKR_DOT to the path of a dot executable.\n"
               "  Without a renderer, .source (the DOT text) and .text() (a node listing) still work."),
    },
    "renderer_env_missing": {
        "ko": ("환경 변수 {var}={value} 가 가리키는 렌더러가 없거나 실행 파일이 아닙니다. "
               "다른 렌더러: {others}. {var}를 고치거나 지우세요 (unset {var})."),
        "en": ("The renderer named by the environment variable {var}={value} does not exist or is not "
               "executable. Other renderers: {others}. Fix {var} or remove it (unset {var})."),
    },
    "renderer_env_broken": {
        "ko": ("환경 변수 {var}={value} 의 렌더러를 실행하지 못했습니다 ({reason}). "
               "다른 렌더러: {others}. {var}를 고치거나 지우세요 (unset {var})."),
        "en": ("The renderer named by the environment variable {var}={value} does not run ({reason}). "
               "Other renderers: {others}. Fix {var} or remove it (unset {var})."),
    },
    "renderer_others_none": {
        "ko": "없음 (pip install graphviz-pure 또는 apt-get install graphviz)",
        "en": "none (pip install graphviz-pure or apt-get install graphviz)",
    },
    "render_not_format": {
        "ko": ("{renderer}의 출력이 {fmt} 그림이 아닙니다 ({problem}; 처음 부분: {start}). "
               "Graphviz의 dot이 맞는지 확인하세요 ({var}={value})."),
        "en": ("The output of {renderer} is not {fmt} ({problem}; it starts with {start}). "
               "Check that it is Graphviz's dot ({var}={value})."),
    },
    "render_timeout": {
        "ko": ("{renderer}이(가) {timeout}초 안에 그림을 끝내지 못해 중단했습니다. "
               "더 작은 그래프를 그리거나, .text()로 목록을 보거나, timeout을 늘리세요."),
        "en": ("{renderer} did not finish within {timeout} s and was stopped. "
               "Draw a smaller graph, read the listing with .text(), or raise timeout."),
    },
    "render_failed": {
        "ko": ("{renderer}이(가) 실패했습니다 ({reason}). 더 작은 그래프를 그리거나 .text()로 목록을 보세요."
               "\n  렌더러 메시지: {stderr}"),
        "en": ("{renderer} failed ({reason}). Draw a smaller graph or read the listing with .text()."
               "\n  renderer said: {stderr}"),
    },
    # ---- backprop player
    "player_title": {"ko": "역전파 재생기", "en": "Backprop player"},
    "player_prev": {"ko": "◀ 이전", "en": "◀ Previous"},
    "player_next": {"ko": "다음 ▶", "en": "Next ▶"},
    "player_play": {"ko": "재생", "en": "Play"},
    "player_pause": {"ko": "멈춤", "en": "Pause"},
    "player_keys": {"ko": "← → 키로도 움직일 수 있습니다", "en": "The ← → arrow keys work too"},
    "player_counter": {"ko": "단계 {k} / {n}", "en": "Step {k} of {n}"},
    "player_legend": {
        "ko": "노란 노드: 지금 처리하는 노드 · 회색 ?: 아직 모름 · 주황: 아직 더해지는 중 · 빨강: 확정된 기울기",
        "en": "Yellow: the node being processed · grey ?: not known yet · orange: still adding up · red: final gradient",
    },
    "step_start": {
        "ko": "순전파가 끝났습니다. 아직 아무 기울기도 모릅니다. '다음'을 눌러 역전파를 시작하세요.",
        "en": "The forward pass is done and no gradient is known yet. Press Next to start backpropagation.",
    },
    "step_root": {
        "ko": "출발점: ∂{name}/∂{name} = 1.",
        "en": "Start: ∂{name}/∂{name} = 1.",
    },
    "step_op": {
        "ko": "{name} ({op} 노드): 기울기 확정 = {grad}. 피연산자가 받는 기울기 = 국소적 미분 × {grad}:",
        "en": "The gradient of {name} ({op} node) is final: {grad}. It sends local gradient × {grad} to each operand:",
    },
    "step_edge": {"ko": "{child}: {local} × {grad} = {product}", "en": "{child}: {local} × {grad} = {product}"},
    "step_edge_sum": {
        "ko": "{child}: {local} × {grad} = {product}, 앞서 받은 기울기에 더해 지금까지 {total}",
        "en": "{child}: {local} × {grad} = {product}, added to what it already had: {total} so far",
    },
    "step_leaf": {
        "ko": "{name}: 잎 노드, 기울기 확정 = {grad}. 더 보낼 곳이 없습니다.",
        "en": "{name} is a leaf: its gradient {grad} is final and goes no further.",
    },
    "step_done": {
        "ko": "역전파 끝: 모든 기울기가 backward()의 결과와 같습니다.",
        "en": "Backpropagation done: every gradient equals what backward() computes.",
    },
    # ---- gallery and command line
    "gallery_title": {"ko": "microgradkr 계산 그래프 모음", "en": "microgradkr gate gallery"},
    "gallery_forward": {"ko": "순전파", "en": "forward"},
    "gallery_backward": {"ko": "역전파", "en": "backward"},
    "gallery_player": {"ko": "역전파 재생기", "en": "backprop player"},
    "cli_draw_help": {"ko": "교재 계산 그래프 하나를 그림으로", "en": "draw one teaching graph"},
    "cli_gates_help": {
        "ko": "모든 계산 그래프의 순전파/역전파 SVG, 재생기 HTML과 index.html",
        "en": "forward/backward SVG and player HTML of every gate, plus index.html",
    },
    "cli_unknown_gate": {
        "ko": "알 수 없는 그래프 이름 {name!r}. 가능한 이름: {names}",
        "en": "unknown gate {name!r}; choose from: {names}",
    },
    "cli_cannot_write": {
        "ko": "{path}에 쓸 수 없습니다: {reason}",
        "en": "cannot write {path}: {reason}",
    },
    "cli_saved": {"ko": "저장했습니다: {path}", "en": "saved: {path}"},
})

# ==================================================================== networks
# Strings of nn, init, losses, optim, data, train, saving, torch_export and plot.
STRINGS.update({
    # ---- choices and numbers
    "nn_unknown_choice": {
        "ko": "{what}: {value}은(는) 알 수 없는 값입니다. 가능한 값: {choices}",
        "en": "{what}: unknown value {value}; choose from: {choices}",
    },
    "nn_bad_choice_type": {
        "ko": "{what}: 이름(문자열)이나 함수가 필요한데 {value} ({type})이(가) 왔습니다",
        "en": "{what}: expected a name (str) or a function, got {value} ({type})",
    },
    "nn_bad_rng": {
        "ko": "rng: random.Random, 정수 시드 또는 None이 필요한데 {value} ({type})이(가) 왔습니다",
        "en": "rng: expected a random.Random, an integer seed or None, got {value} ({type})",
    },
    "nn_bad_int": {
        "ko": "{what}: 정수가 필요한데 {value} ({type})이(가) 왔습니다",
        "en": "{what}: expected an integer, got {value} ({type})",
    },
    "nn_too_small": {
        "ko": "{what}은(는) {minimum} 이상이어야 합니다. 받은 값: {value}",
        "en": "{what} must be >= {minimum}, got {value}",
    },
    "nn_bad_inputs": {
        "ko": "{where}: 숫자나 Value의 리스트가 필요한데 {value} ({type})이(가) 왔습니다",
        "en": "{where}: expected a list of numbers or Values, got {value} ({type})",
    },
    "nn_input_length": {
        "ko": "{where}: 입력이 {expected}개여야 하는데 {got}개가 왔습니다",
        "en": "{where}: expected {expected} inputs, got {got}",
    },
    "nn_bad_module": {
        "ko": "Sequential: Module이 필요한데 {value} ({type})이(가) 왔습니다",
        "en": "Sequential: expected a Module, got {value} ({type})",
    },
    "nn_bad_probability": {
        "ko": "Dropout: p는 0 이상 1 이하의 확률이어야 합니다. 받은 값: {value}",
        "en": "Dropout: p must be a probability between 0 and 1, got {value}",
    },
    "nn_bad_mask": {
        "ko": "Dropout: mask에는 0(버림)과 1(남김)만 쓸 수 있습니다. 받은 값: {value}",
        "en": "Dropout: a mask holds only 0 (drop) and 1 (keep), got {value}",
    },
    "nn_batchnorm_batch": {
        "ko": ("BatchNorm: 학습 모드에서는 배치에 샘플이 2개 이상 있어야 합니다(샘플 {got}개). "
               "샘플 하나는 eval() 모드에서 정규화하세요"),
        "en": ("BatchNorm: training mode needs at least 2 samples in a batch (got {got}); "
               "normalise a single sample in eval() mode"),
    },
    # ---- losses and data
    "nn_loss_lengths": {
        "ko": "{where}: 출력 {outputs}개와 정답 {targets}개의 개수가 다릅니다",
        "en": "{where}: {outputs} outputs but {targets} targets; they must match",
    },
    "nn_loss_empty": {"ko": "{where}: 데이터가 비어 있습니다", "en": "{where}: no data"},
    "nn_class_index": {
        "ko": "cross_entropy: 정답 클래스 {target}이(가) 0 이상 {classes} 미만이 아닙니다",
        "en": "cross_entropy: target class {target} is not in 0..{classes}-1",
    },
    "nn_bad_fraction": {
        "ko": "train_valid_test_split: {what}은(는) 0 이상 1 미만의 비율이어야 합니다. 받은 값: {value}",
        "en": "train_valid_test_split: {what} must be a fraction in [0, 1), got {value}",
    },
    "nn_split_too_small": {
        "ko": "train_valid_test_split: 샘플 {n}개에서 검증 {valid}개와 시험 {test}개를 빼면 학습 데이터가 남지 않습니다",
        "en": "train_valid_test_split: {n} samples minus {valid} for validation and {test} for test leaves none for training",
    },
    # ---- optimizers
    "nn_bad_hyper_type": {
        "ko": "{what}: 숫자가 필요한데 {value} ({type})이(가) 왔습니다",
        "en": "{what}: expected a number, got {value} ({type})",
    },
    "nn_bad_hyper": {
        "ko": "{what}은(는) {sign} {low}인 유한한 수여야 합니다. 받은 값: {value}",
        "en": "{what} must be a finite number {sign} {low}, got {value}",
    },
    "nn_bad_params": {
        "ko": "optimizer: 매개변수(Value)의 리스트가 필요한데 {value} ({type})이(가) 들어 있습니다",
        "en": "optimizer: expected a list of parameters (Values), found {value} ({type})",
    },
    "nn_nesterov": {
        "ko": "SGD: nesterov=True는 momentum > 0, dampening = 0일 때만 쓸 수 있습니다",
        "en": "SGD: nesterov=True needs momentum > 0 and dampening = 0",
    },
    "nn_bad_betas": {
        "ko": "Adam: betas의 두 값은 0 이상 1 미만이어야 합니다. 받은 값: {value}",
        "en": "Adam: both betas must be in [0, 1), got {value}",
    },
    # ---- files and optional packages
    "nn_save_not_finite": {
        "ko": "save: 매개변수 {name}의 값 {value}은(는) 유한한 수가 아니라서 저장하지 않았습니다 (학습이 발산했나요?)",
        "en": "save: parameter {name} is {value}, not a finite number; nothing was written (did training diverge?)",
    },
    "nn_load_invalid": {
        "ko": "{path}을(를) 불러올 수 없습니다: {problem}",
        "en": "cannot load {path}: {problem}",
    },
    "nn_needs_torch": {
        "ko": ("to_torch()에는 PyTorch가 필요합니다. 설치: pip install torch==2.13.0 "
               "(또는 pip install 'microgradkr[torch]')"),
        "en": ("to_torch() needs PyTorch. Install it: pip install torch==2.13.0 "
               "(or pip install 'microgradkr[torch]')"),
    },
    "nn_needs_matplotlib": {
        "ko": "microgradkr.plot에는 matplotlib이 필요합니다. 설치: pip install 'microgradkr[plot]'",
        "en": "microgradkr.plot needs matplotlib. Install it: pip install 'microgradkr[plot]'",
    },
    "nn_no_hangul_font": {
        "ko": "한글 글꼴이 없어 그래프(plot)는 영어로 그립니다 (나눔 글꼴 설치: apt-get install fonts-nanum)",
        "en": "no Hangul font found, so plots use English (install Nanum: apt-get install fonts-nanum)",
    },
    "plot_format": {
        "ko": "{path}: 그림은 {formats} 형식으로만 저장할 수 있습니다",
        "en": "{path}: a plot can be saved only as {formats}",
    },
    # ---- inside plots
    "plot_loss": {"ko": "손실", "en": "loss"},
    "plot_train": {"ko": "학습 데이터", "en": "training"},
    "plot_valid": {"ko": "검증 데이터", "en": "validation"},
    "plot_accuracy": {"ko": "정확도", "en": "accuracy"},
    "plot_epoch": {"ko": "에폭", "en": "epoch"},
    "plot_loss_title": {"ko": "학습 곡선", "en": "Learning curve"},
    "plot_boundary_title": {"ko": "결정 경계", "en": "Decision boundary"},
    "plot_derivative": {"ko": "{name}의 미분 (역전파)", "en": "derivative of {name} (backprop)"},
    "plot_weights_title": {"ko": "가중치 분포", "en": "Weight distribution"},
    "plot_weight": {"ko": "가중치", "en": "weight"},
})

# ==================================================================== the tour
# Strings of `microgradkr tour` and its index.html (microgradkr/tour/).
STRINGS.update({
    "cli_tour_help": {
        "ko": "모든 데모를 실행하고 그 결과를 한 페이지(index.html)로",
        "en": "run every demo and write one page (index.html) that walks through them",
    },
    "tour_title": {"ko": "microgradkr 둘러보기", "en": "A tour of microgradkr"},
    "tour_intro": {
        "ko": ("튜토리얼의 주제마다 데모 하나: 각 절은 demos/ 폴더의 스크립트를 실행해 출력한 숫자와 "
               "계산 그래프 그림, 그래프(plot), 역전파 재생기를 순서대로 보여 줍니다. "
               "직접 실행하려면: python demos/01_random_init.py"),
        "en": ("One demo per tutorial topic: each section runs a script of the demos/ folder and shows "
               "what it printed, its graph pictures, plots and backprop players, in order. "
               "Run one yourself: python demos/01_random_init.py"),
    },
    "tour_meta": {
        "ko": "관련 튜토리얼 주제: {tutorial} · 파일: {script} · {seconds}초",
        "en": "Tutorial topic: {tutorial} · file: {script} · {seconds} s",
    },
    "tour_source": {"ko": "코드 보기: {script}", "en": "Show the code: {script}"},
    "tour_open_player": {"ko": "새 창에서 열기", "en": "open on its own"},
    "tour_left_out": {"ko": "빠진 그림", "en": "Left out"},
    "tour_seconds": {"ko": "{seconds}초", "en": "{seconds} s"},
    "tour_failed": {"ko": "실패 (페이지에 오류를 적었습니다)", "en": "failed (the error is on the page)"},
    "tour_summary": {
        "ko": "주제 {topics}개, 계산 그래프 그림 {graphs}개, 그래프(plot) {plots}개, 역전파 재생기 {players}개 ({seconds}초)",
        "en": "topics: {topics}, graph pictures: {graphs}, plots: {plots}, backprop players: {players} ({seconds} s)",
    },
    "tour_left_out_summary": {
        "ko": "빠진 그림 {count}개: {names}",
        "en": "pictures left out ({count}): {names}",
    },
    "tour_install_plot": {
        "ko": "plot을 그리려면 matplotlib을 설치하세요: pip install 'microgradkr[plot]'",
        "en": "To draw the plots, install matplotlib: pip install 'microgradkr[plot]'",
    },
    "tour_demo_failed": {
        "ko": "실패한 데모: {script} (오류는 페이지에 있습니다)",
        "en": "demo failed: {script} (the error is on the page)",
    },
    "tour_open": {"ko": "페이지: {path}", "en": "page: {path}"},
    "tour_bad_out": {
        "ko": "--out {path}: 폴더가 아니라 파일입니다. 새 폴더 이름을 주세요",
        "en": "--out {path}: it is a file, not a folder; give a new folder name",
    },
})


def check_lang(lang) -> str:
    """lang itself if it is 'ko' or 'en'; ValueError otherwise."""
    if lang not in LANGS:
        raise ValueError(message("lang", value=lang))
    return lang


def say(key: str, lang: str = "ko", **fields) -> str:
    """The sentence `key` in one language, fields filled in."""
    return STRINGS[key][check_lang(lang)].format(**fields)


def message(key: str, **fields) -> str:
    """An error message: the Korean sentence, then the English one."""
    entry = STRINGS[key]
    return entry["ko"].format(**fields) + "\n" + entry["en"].format(**fields)
