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
