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
    # ---- the engine's conversions and your own ops (define_op)
    "no_float": {
        "ko": ("float(Value)은 안 됩니다: 그래프가 끊겨 기울기를 잃습니다 ({value}). "
               "v.exp()나 microgradkr.math.exp(v)처럼 Value 연산을 쓰고, 숫자만 필요하면 v.data를 쓰세요"),
        "en": ("float(Value) is refused: it would cut the graph and lose the gradient ({value}). "
               "Use Value ops such as v.exp() or microgradkr.math.exp(v), or v.data for the number"),
    },
    "value_in_value": {
        "ko": "{where}: Value 안에 Value를 넣을 수 없습니다 ({value}). 숫자는 v.data, 그래프를 끊으려면 v.detach()",
        "en": "{where}: a Value cannot hold a Value ({value}); use v.data for the number, v.detach() to cut the graph",
    },
    "bad_root": {
        "ko": "{where}: Value가 필요한데 {value} ({type})이(가) 왔습니다",
        "en": "{where}: expected a Value, got {value} ({type})",
    },
    "bad_iterable": {
        "ko": "{where}: {what}에는 숫자나 Value의 리스트가 필요한데 {value} ({type})이(가) 왔습니다",
        "en": "{where}: {what} must be a list of numbers or Values, got {value} ({type})",
    },
    "op_name": {
        "ko": "define_op: 연산 이름은 파이썬 식별자(예: 'sin')여야 합니다. 받은 값: {value}",
        "en": "define_op: an op's name must be a Python identifier such as 'sin', got {value}",
    },
    "op_not_callable": {
        "ko": "define_op({op}): {what}은(는) 함수여야 합니다. 받은 값: {value}",
        "en": "define_op({op}): {what} must be a function, got {value}",
    },
    "op_builtin_name": {
        "ko": "define_op: '{op}'은(는) 내장 연산의 이름입니다. 다른 이름을 고르세요",
        "en": "define_op: '{op}' is the name of a built-in op; choose another name",
    },
    "linear_layer_lengths": {
        "ko": "linear_layer: 가중치 행 {rows}개에 편향 {biases}개가 왔습니다. 뉴런마다 하나씩이어야 합니다",
        "en": "linear_layer: {rows} weight rows but {biases} biases; there must be one of each per neuron",
    },
    "op_reserved_name": {
        "ko": "define_op: '{op}'은(는) 연산의 코드가 쓰는 이름입니다 (_로 시작하는 이름, out, x0, x1, ..., {names}). "
              "다른 이름을 고르세요",
        "en": "define_op: '{op}' is a name an op's code uses (names starting with _, out, x0, x1, ..., {names}); "
              "choose another name",
    },
    "op_method_name": {
        "ko": "define_op: '{op}'은(는) Value의 메서드 이름으로 쓸 수 없습니다 (method=False로 두세요)",
        "en": "define_op: '{op}' cannot be a Value method name (leave method=False)",
    },
    "op_spec": {
        "ko": "define_op({op}): {what}은(는) 전체에 하나, 또는 피연산자마다 하나씩 ({count}개) 주어야 합니다",
        "en": "define_op({op}): give {what} once for the op, or once per operand ({count})",
    },
    "op_arity": {
        "ko": "{op}: 피연산자 {arity}개가 필요한데 {got}개가 왔습니다",
        "en": "{op}: takes {arity} operand(s), got {got}",
    },
    "op_params": {
        "ko": "{op}: 모르는 매개변수 {names} (아는 것: {known})",
        "en": "{op}: unknown parameter(s) {names} (known: {known})",
    },
    "op_params_missing": {
        "ko": "{op}: 매개변수 {names}의 값이 필요합니다",
        "en": "{op}: needs a value for parameter(s) {names}",
    },
    "op_result": {
        "ko": "{op}: 연산 결과가 실수가 아닙니다: {value} ({type}). 거듭제곱은 m.pow, 나눗셈은 m.div를 쓰세요",
        "en": "{op}: the op's result is not a real number: {value} ({type}); use m.pow for powers, m.div for division",
    },
    "op_grad_count": {
        "ko": "{op}: local_grads는 피연산자마다 하나씩, {count}개의 국소 기울기를 돌려줘야 하는데 {got}개를 돌려주었습니다",
        "en": "{op}: local_grads must return one local gradient per operand ({count}), it returned {got}",
    },
    "op_unknown": {
        "ko": "m.{name}: {where} 산술에 그런 연산이 없습니다. 있는 연산: {known}",
        "en": "m.{name}: no such op in the {where} arithmetic; the ops are: {known}",
    },
    "layer_methods": {
        "ko": "layer_op({name}): 계층에 {what}(...) 메서드가 필요합니다. 받은 값: {value}",
        "en": "layer_op({name}): the layer needs a {what}(...) method, got {value}",
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
        "ko": "{where}: root에 Value(또는 .output이 있는 회로)가 필요한데 {value} ({type})이(가) 왔습니다",
        "en": "{where}: root must be a Value (or a circuit with .output), got {value} ({type})",
    },
    "draw_bad_text": {
        "ko": "{what}: 문자열이 필요한데 {value} ({type})이(가) 왔습니다",
        "en": "{what}: expected a str, got {value} ({type})",
    },
    "draw_bad_format": {
        "ko": "{what}: {value}은(는) Graphviz 출력 형식이 아닙니다 (예: 'svg', 'png', 'pdf')",
        "en": "{what}: {value} is not a Graphviz output format (e.g. 'svg', 'png', 'pdf')",
    },
    "draw_bad_suffix": {
        "ko": "Drawing.save: path의 파일 확장자 {suffix!r}는 지원하지 않습니다. .svg, .dot, .gv, .png 중 하나를 쓰세요",
        "en": "Drawing.save: path has an unsupported file suffix {suffix!r}; use .svg, .dot, .gv or .png",
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

# ==================================================================== network view
# Strings of microgradkr.draw.network (circles in layers) and of the slides of the player.
STRINGS.update({
    "net_input_layer": {"ko": "입력층", "en": "input layer"},
    "net_hidden_layer": {"ko": "은닉층 {k}", "en": "hidden layer {k}"},
    "net_output_layer": {"ko": "출력층", "en": "output layer"},
    "net_bias": {"ko": "편향 {b}", "en": "bias {b}"},
    "net_sum": {"ko": "가중합 {a}", "en": "sum {a}"},
    "net_out": {"ko": "출력 {z}", "en": "out {z}"},
    "net_legend_forward": {
        "ko": "원 하나가 뉴런 하나. 간선의 숫자는 가중치, 원 안은 편향, 가중합, 활성화 함수를 지난 출력",
        "en": "One circle per neuron. Edge numbers are weights; inside a circle: bias, weighted sum, output",
    },
    "net_legend_backward": {
        "ko": "빨간 숫자는 {root}에 대한 기울기: 간선은 가중치의 기울기, 원은 뉴런 출력의 기울기",
        "en": "Red numbers are gradients of {root}: on an edge the weight's, in a circle the neuron output's",
    },
    "net_legend_thin": {
        "ko": "간선이 많아 가중치 숫자는 목록(.text())에만 적었습니다. 파랑은 양수, 빨강은 음수, 굵을수록 큽니다",
        "en": "Too many edges to write every weight (see .text()): blue is positive, red negative, thicker is larger",
    },
    "net_no_input": {
        "ko": "입력 x를 주지 않아 뉴런의 값은 비어 있습니다",
        "en": "No input x was given, so the neurons hold no values",
    },
    "net_bad_model": {
        "ko": ("draw_network: MLP, Layer, Neuron 또는 (W, B) 쌍의 리스트가 필요한데 "
               "{value} ({type})이(가) 왔습니다"),
        "en": "draw_network: expected an MLP, Layer, Neuron or a list of (W, B) pairs, got {value} ({type})",
    },
    "net_bad_shape": {
        "ko": "{where}: {what}의 모양이 맞지 않습니다: {expected}이어야 하는데 {got}입니다",
        "en": "{where}: {what} has the wrong shape: expected {expected}, got {got}",
    },
    "net_backward_needs_x": {
        "ko": "draw_network: mode={mode!r}에는 입력 x가 필요합니다 (x=None)",
        "en": "draw_network: mode={mode!r} needs an input x (got x=None)",
    },
    "net_bad_loss": {
        "ko": "draw_network: loss는 출력을 받아 Value를 돌려주어야 하는데 {value} ({type})을(를) 돌려주었습니다",
        "en": "draw_network: loss must return a Value from the outputs, returned {value} ({type})",
    },
    "fit_too_big": {
        "ko": "이 그래프는 커서 이 칸에 맞추면 글자가 읽을 수 없을 만큼 작아집니다.",
        "en": "This graph is too big to shrink into this column and stay readable.",
    },
    "fit_open": {"ko": "전체 크기로 열기", "en": "open it full size"},
    "slides_bad_folder": {
        "ko": "save_frames: {path}는 폴더가 아니라 파일입니다",
        "en": "save_frames: {path} is a file, not a folder",
    },
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
        "ko": "{what}: random.Random, 정수 시드 또는 None이 필요한데 {value} ({type})이(가) 왔습니다",
        "en": "{what}: expected a random.Random, an integer seed or None, got {value} ({type})",
    },
    "nn_bad_int": {
        "ko": "{what}: 정수가 필요한데 {value} ({type})이(가) 왔습니다",
        "en": "{what}: expected an integer, got {value} ({type})",
    },
    "bad_flag": {
        "ko": "{what}: True나 False가 필요한데 {value} ({type})이(가) 왔습니다",
        "en": "{what}: expected True or False, got {value} ({type})",
    },
    "bad_path": {
        "ko": "{what}: 파일 경로(str, bytes, os.PathLike)가 필요한데 {value} ({type})이(가) 왔습니다",
        "en": "{what}: expected a file path (str, bytes or os.PathLike), got {value} ({type})",
    },
    "bad_path_value": {
        "ko": "{what}: {value}은(는) 파일 경로로 쓸 수 없습니다 (비어 있거나 NUL 문자가 있음)",
        "en": "{what}: {value} is not a usable file path (empty, or it holds a NUL character)",
    },
    "too_big": {
        "ko": ("{where}: 이 {what}(으)로는 Value {count}개가 필요합니다 (약 {gib} GiB). "
               "이 컴퓨터의 메모리({memory} GiB)에 들어가지 않아 만들지 않았습니다"),
        "en": ("{where}: this {what} would take {count} Values (about {gib} GiB), more than this "
               "computer's memory ({memory} GiB), so nothing was made"),
    },
    "nn_too_small": {
        "ko": "{what}은(는) {minimum} 이상이어야 합니다. 받은 값: {value}",
        "en": "{what} must be >= {minimum}, got {value}",
    },
    "too_large": {
        "ko": "{what}은(는) {maximum} 이하여야 합니다. 받은 값: {value}",
        "en": "{what} must be <= {maximum}, got {value}",
    },
    "nn_data_lengths": {
        "ko": "{where}: {X}의 샘플 {n}개와 {y}의 정답 {m}개의 개수가 다릅니다",
        "en": "{where}: {X} has {n} samples but {y} has {m}; they must match",
    },
    "nn_bad_validation": {
        "ko": "fit: validation에는 (X_valid, y_valid) 쌍이 필요한데 {value} ({type})이(가) 왔습니다",
        "en": "fit: validation must be a pair (X_valid, y_valid), got {value} ({type})",
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
        "ko": "Sequential: modules[{index}]에 Module이 필요한데 {value} ({type})이(가) 왔습니다",
        "en": "Sequential: modules[{index}] must be a Module, got {value} ({type})",
    },
    "nn_bad_model": {
        "ko": "{where}: model에 모델(예: MLP)이 필요한데 {value} ({type})이(가) 왔습니다",
        "en": "{where}: model must be a model (e.g. an MLP), got {value} ({type})",
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
    "empty": {"ko": "{what}이(가) 비어 있습니다", "en": "{what} is empty"},
    "nn_not_probability": {
        "ko": ("{where}: outputs{index} = {value}은(는) 0 이상 1 이하의 확률이 아닙니다 "
               "(점수(로짓)라면 from_logits=True를 쓰세요)"),
        "en": ("{where}: outputs{index} = {value} is not a probability in [0, 1] "
               "(for scores (logits) use from_logits=True)"),
    },
    "nn_bad_target": {
        "ko": "{where}: targets{index} = {value}은(는) 0 이상 1 이하가 아닙니다 (±1 정답에는 hinge를 쓰세요)",
        "en": "{where}: targets{index} = {value} is not in [0, 1] (for ±1 labels use hinge)",
    },
    "nn_class_index": {
        "ko": "cross_entropy: targets{index}의 정답 클래스 {target}이(가) 0 이상 {classes} 미만이 아닙니다",
        "en": "cross_entropy: targets{index} = class {target} is not in 0..{classes}-1",
    },
    "data_bad_range": {
        "ko": "noisy_line: x_range는 low <= high인 두 수 (low, high)여야 합니다. 받은 값: {value}",
        "en": "noisy_line: x_range must be two numbers (low, high) with low <= high, got {value}",
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
        "ko": "{what}은(는) {range}인 유한한 수여야 합니다. 받은 값: {value}",
        "en": "{what} must be a finite number {range}, got {value}",
    },
    "nn_bad_nonlin": {
        "ko": "{where}: nonlin에는 True(ReLU) 또는 False(선형)가 필요한데 {value} ({type})이(가) 왔습니다",
        "en": "{where}: nonlin: expected True (ReLU) or False (linear), got {value} ({type})",
    },
    "nn_nonlin_conflict": {
        "ko": "{where}: nonlin={nonlin}와 activation={activation}이(가) 서로 다릅니다. 하나만 주세요",
        "en": "{where}: nonlin={nonlin} and activation={activation} disagree; give only one of them",
    },
    "nn_seed_and_rng": {
        "ko": "{where}: seed={seed}와 rng={rng}를 함께 줄 수 없습니다. 하나만 주세요",
        "en": "{where}: seed={seed} and rng={rng} were both given; give only one of them",
    },
    "nn_params_is_number": {
        "ko": "{cls}: 첫 인자 params는 매개변수 리스트입니다. 학습률은 {cls}(lr={value})처럼 이름을 붙여 주세요",
        "en": "{cls}: params, the first argument, is the list of parameters; give the learning rate by name: {cls}(lr={value})",
    },
    "nn_step_without_params": {
        "ko": "{cls}: params 없이(책의 방식으로) 만든 옵티마이저에는 step()이 없습니다. update(params, grads)를 부르거나 {cls}(model.parameters(), ...)로 만드세요",
        "en": "{cls}: made without params (the book's way), it has no step(); call update(params, grads), or make it as {cls}(model.parameters(), ...)",
    },
    "nn_update_not_dict": {
        "ko": "update: {what}는 이름 → 값 사전(dict)이어야 하는데 {value} ({type})이(가) 왔습니다",
        "en": "update: {what} must be a dict of name → value, got {value} ({type})",
    },
    "nn_update_missing_grad": {
        "ko": "update: grads에 매개변수 {name}의 기울기가 없습니다",
        "en": "update: grads has no gradient for the parameter {name}",
    },
    "nn_update_bad_entry": {
        "ko": "update: {what}[{name}]에 {value} ({type})이(가) 있습니다. params에는 실수나 Value, grads에는 실수가 필요합니다",
        "en": "update: {what}[{name}] is {value} ({type}); params takes real numbers or Values, grads real numbers",
    },
    "nn_betas_twice": {
        "ko": "Adam: betas={betas}와 beta1={beta1}, beta2={beta2}를 함께 줄 수 없습니다. 한쪽만 주세요",
        "en": "Adam: betas={betas} and beta1={beta1}, beta2={beta2} were both given; give one or the other",
    },
    "nn_hinge_target": {
        "ko": "hinge: 정답은 -1 또는 +1이어야 하는데 {value}이(가) 왔습니다. 0/1 정답이면 2*t - 1로 바꾸거나 data.moons(signed=True)를 쓰세요",
        "en": "hinge: targets must be -1 or +1, got {value}; turn 0/1 labels into 2*t - 1 or use data.moons(signed=True)",
    },
    "nn_bad_optimizer": {
        "ko": "fit: optimizer는 이름({names})이나 zero_grad()와 step()이 있는 객체여야 하는데 {value} ({type})이(가) 왔습니다",
        "en": "fit: optimizer must be a name ({names}) or an object with zero_grad() and step(), got {value} ({type})",
    },
    "nn_lr_with_optimizer": {
        "ko": "fit: lr={lr}는 optimizer를 이름으로 줄 때만 씁니다. {optimizer}에는 이미 학습률이 있습니다",
        "en": "fit: lr={lr} is only for an optimizer given by name; this {optimizer} already has its learning rate",
    },
    "nn_optimizer_no_params": {
        "ko": "fit: 이 {optimizer}에는 매개변수가 없습니다. {optimizer}(model.parameters(), lr=...)로 만들거나 optimizer='{lower}'처럼 이름을 주세요",
        "en": "fit: this {optimizer} has no parameters; make it with {optimizer}(model.parameters(), lr=...) or give a name, optimizer='{lower}'",
    },
    "nn_bad_params": {
        "ko": "{where}: params{index}에 매개변수(Value)의 리스트가 필요한데 {value} ({type})이(가) 왔습니다",
        "en": "{where}: params{index} must be a list of parameters (Values), got {value} ({type})",
    },
    "nn_nesterov": {
        "ko": "SGD: nesterov=True는 momentum > 0, dampening = 0일 때만 쓸 수 있습니다",
        "en": "SGD: nesterov=True needs momentum > 0 and dampening = 0",
    },
    "nn_bad_betas": {
        "ko": "Adam: betas는 0 이상 1 미만인 두 수여야 합니다. 받은 값: {value}",
        "en": "Adam: betas must be two numbers in [0, 1), got {value}",
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
        "ko": "{where}: path {path}: 그림은 {formats} 형식으로만 저장할 수 있습니다",
        "en": "{where}: path {path}: a plot can be saved only as {formats}",
    },
    "plot_bad_figure": {
        "ko": "save: figure에 matplotlib Figure가 필요한데 {value} ({type})이(가) 왔습니다",
        "en": "save: figure must be a matplotlib Figure, got {value} ({type})",
    },
    "plot_bad_points": {
        "ko": "decision_boundary: X에는 (x0, x1) 점이 하나 이상 있어야 합니다 (점 {count}개 중 일부가 두 수가 아님)",
        "en": "decision_boundary: X must hold at least one point (x0, x1) of two numbers ({count} points given)",
    },
    "plot_bad_range": {
        "ko": "{what}: low < high인 두 수 (low, high)가 필요한데 {value}이(가) 왔습니다",
        "en": "{what}: expected two numbers (low, high) with low < high, got {value}",
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

# ==================================================================== live explorers
# Strings of microgradkr.explore: sliders on a graph's inputs, and training step by step.
STRINGS.update({
    "explore_needs_notebook": {
        "ko": "explore는 Jupyter 노트북(JupyterLab, Notebook, VS Code, Colab)에서 움직입니다",
        "en": "explore needs a Jupyter notebook (JupyterLab, Notebook, VS Code, Colab)",
    },
    "explore_needs_widgets": {
        "ko": "{where}: ipywidgets가 필요합니다. pip install 'microgradkr[jupyter]' 로 설치하세요",
        "en": "{where}: needs ipywidgets; install it with pip install 'microgradkr[jupyter]'",
    },
    "explore_bad_target": {
        "ko": ("explore: 입력 이름을 받는 함수, gates의 회로, 또는 모델(과 X, y)이 필요한데 "
               "{value} ({type})이(가) 왔습니다"),
        "en": ("explore: expected a function of named inputs, a circuit from gates, or a model "
               "(with X and y), got {value} ({type})"),
    },
    "explore_unknown_circuit": {
        "ko": ("explore: 회로 {name!r}을(를) 다시 계산하는 방법을 모릅니다. 아는 회로: {known}. "
               "입력 이름을 받아 Value를 돌려주는 함수를 주세요"),
        "en": ("explore: does not know how to recompute circuit {name!r} (known: {known}); "
               "pass a function of named inputs that returns a Value"),
    },
    "explore_no_inputs": {
        "ko": "explore: 함수에 이름 있는 입력(매개변수)이 하나도 없습니다",
        "en": "explore: the function has no named inputs (parameters)",
    },
    "explore_missing_range": {
        "ko": "explore: 입력 {name!r}의 범위가 필요합니다. 예: {name}=(-2, 2) 또는 {name}=(-2, 2, 0.1)",
        "en": "explore: input {name!r} needs a range, e.g. {name}=(-2, 2) or {name}=(-2, 2, 0.1)",
    },
    "explore_unknown_input": {
        "ko": "explore: {name!r}이라는 입력이 없습니다. 입력: {known}",
        "en": "explore: there is no input {name!r}; the inputs are: {known}",
    },
    "explore_bad_range": {
        "ko": ("explore: 입력 {name!r}의 범위는 숫자 하나(시작값) 또는 (최소, 최대), (최소, 최대, 간격)이어야 "
               "합니다. 받은 값: {value}"),
        "en": ("explore: the range of input {name!r} must be a number (where to start) or "
               "(low, high) or (low, high, step), got {value}"),
    },
    "explore_bad_bounds": {
        "ko": "explore: 입력 {name!r}의 범위 {value}: 최소 < 최대이고 간격 > 0인 유한한 숫자여야 합니다",
        "en": "explore: range {value} of input {name!r}: needs finite numbers with low < high and step > 0",
    },
    "explore_not_value": {
        "ko": "explore: 함수가 Value를 돌려줘야 하는데 {value} ({type})을(를) 돌려주었습니다",
        "en": "explore: the function must return a Value, got {value} ({type})",
    },
    "explore_bad_option": {
        "ko": "explore: 모델을 학습할 때 쓸 수 없는 옵션 {names}. 쓸 수 있는 옵션: {known}",
        "en": "explore: unknown training options {names}; the options are: {known}",
    },
    "explore_needs_data": {
        "ko": "explore: 모델을 학습하려면 데이터 X와 y도 주세요: explore(model, X, y)",
        "en": "explore: training a model needs the data too: explore(model, X, y)",
    },
    # ---- what the explorers show
    "explore_input": {"ko": "입력", "en": "input"},
    "explore_value": {"ko": "값", "en": "value"},
    "explore_backward": {"ko": "기울기 (역전파)", "en": "gradient (backward)"},
    "explore_numeric": {"ko": "수치 미분 (중심 차분)", "en": "numerical (central difference)"},
    "explore_output": {"ko": "출력 {name} = {value}", "en": "output {name} = {value}"},
    "explore_step": {"ko": "한 에폭", "en": "one epoch"},
    "explore_play": {"ko": "재생", "en": "play"},
    "explore_pause": {"ko": "일시정지", "en": "pause"},
    "explore_reset": {"ko": "처음부터", "en": "reset"},
    "explore_lr": {"ko": "학습률", "en": "learning rate"},
    "explore_optimizer": {"ko": "최적화", "en": "optimizer"},
    "explore_status": {"ko": "에폭 {epoch} · 손실 {loss}", "en": "epoch {epoch} · loss {loss}"},
    "explore_accuracy": {"ko": " · 정확도 {accuracy}%", "en": " · accuracy {accuracy}%"},
    "explore_not_started": {"ko": "에폭 0 · 아직 학습하지 않았습니다", "en": "epoch 0 · not trained yet"},
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


def check_lang(lang, where: str = "") -> str:
    """lang itself if it is 'ko' or 'en'; ValueError otherwise (naming ``where``, the caller)."""
    if not isinstance(lang, str) or lang not in LANGS:
        text = message("lang", value=lang)
        if where:  # each line says which function was given the bad lang
            text = "\n".join(f"{where}: {line}" for line in text.split("\n"))
        raise ValueError(text)
    return lang


def say(key: str, lang: str = "ko", **fields) -> str:
    """The sentence `key` in one language, fields filled in."""
    return STRINGS[key][check_lang(lang)].format(**fields)


def message(key: str, **fields) -> str:
    """An error message: the Korean sentence, then the English one."""
    entry = STRINGS[key]
    return entry["ko"].format(**fields) + "\n" + entry["en"].format(**fields)
