"""Build the browser site: the playground, the explorer and one page per tour topic, offline.

    python scripts/build_site.py --out DIR [--lang ko|en] [--cache DIR]

Everything the pages need is fetched here, at build time, and copied into
DIR/assets: Pyodide's core runtime, @viz-js/viz (Graphviz in WebAssembly) and
marked from npm (versions pinned in site/package.json and site/package-lock.json),
and the wheels of microgradkr (built from this checkout), graphviz and tqdm
(downloaded by pip, the versions installed here).  The pages then ask nothing of
the network: serve DIR from any static host, or ``python -m http.server -d DIR``.

Why pages of our own and not JupyterLite (measured on this 2-core machine):
JupyterLite's Pyodide kernel loads Pyodide's *full* distribution (micropip,
then piplite, ipykernel and IPython as wheels) from a CDN by default; the npm
``pyodide`` package is only the core runtime, without micropip or the package
wheels, so an offline JupyterLite needs those fetched and served by hand, and
the JupyterLab front end alone is about 15 MB of wheel (jupyterlite-core 0.8.6)
before the kernel boots.  The core runtime plus our three wheels is about 15 MB
and draws its first picture in a few seconds (scripts/measure_site.py prints the
numbers), well inside the budgets (8 s, 40 MB).  The explorer's sliders and the
training buttons are the page's own HTML controls calling into Python
(site/mgk_page.py), since ipywidgets has no front end without JupyterLab.

Cells of a topic page come from, in this order: ``demos/NN_topic.ipynb``; the
demo script in jupytext's percent format (``# %%`` and ``# %% [markdown]``);
or, for a script without cell markers, its sections (the ``# ---- title``
rule lines), one code cell each, after its docstring as the first text cell.
Markdown becomes HTML here, with marked under node, so the pages ship no
Markdown renderer.
"""

from __future__ import annotations

import argparse
import html
import importlib.metadata
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
DEMOS = ROOT / "demos"
DEFAULT_CACHE = ROOT / ".site-cache"

#: the files of the `pyodide` npm package that a page loads (the rest is for node or for debugging)
PYODIDE_FILES = ("pyodide.js", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
#: the wheels unpacked into Pyodide besides microgradkr's own (pure Python, pinned to what is installed here)
RUNTIME_WHEELS = ("graphviz", "tqdm")


class Cell(NamedTuple):
    kind: str     # 'code' or 'markdown'
    source: str


# ------------------------------------------------------------------ assets

def run(command: List[str], cwd: Path) -> None:
    """Run a build step; its own output is the error message when it fails."""
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"build_site: {' '.join(command)} failed (exit {done.returncode}):\n"
                 f"{done.stdout[-2000:]}{done.stderr[-2000:]}")


def npm_assets(cache: Path) -> Path:
    """`npm ci` the pinned packages into the cache (again only when the lock file changed)."""
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("build_site: npm is needed to fetch Pyodide and Graphviz (apt-get install npm)")
    folder = cache / "npm"
    folder.mkdir(parents=True, exist_ok=True)
    lock = (SITE / "package-lock.json").read_text(encoding="utf-8")
    installed = folder / "node_modules" / ".installed-lock.json"
    if not installed.exists() or installed.read_text(encoding="utf-8") != lock:
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(SITE / name, folder / name)
        run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], folder)
        installed.write_text(lock, encoding="utf-8")
    return folder / "node_modules"


def _isolation() -> List[str]:
    """Build with the setuptools installed here when it can make wheels (seconds faster than isolated)."""
    try:
        version = importlib.metadata.version("setuptools")
    except importlib.metadata.PackageNotFoundError:
        return []
    major, minor = (int(part) for part in re.findall(r"\d+", version)[:2])
    can_make_wheels = (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None
    return ["--no-build-isolation"] if can_make_wheels else []


def wheels(cache: Path) -> List[Path]:
    """microgradkr's wheel built from this checkout, and graphviz's and tqdm's from PyPI."""
    folder = cache / "wheels"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    run(pip + ["wheel", "--no-deps", *_isolation(), "-w", str(folder), str(ROOT)], ROOT)
    pins = [f"{name}=={importlib.metadata.version(name)}" for name in RUNTIME_WHEELS]
    run(pip + ["download", "--no-deps", "--only-binary=:all:", "-d", str(folder)] + pins, ROOT)
    found = sorted(folder.glob("*.whl"))
    if len(found) != 1 + len(RUNTIME_WHEELS):
        sys.exit(f"build_site: expected {1 + len(RUNTIME_WHEELS)} wheels, found {[p.name for p in found]}")
    return found


def copy_assets(node_modules: Path, wheel_files: List[Path], assets: Path) -> None:
    (assets / "pyodide").mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copyfile(node_modules / "pyodide" / name, assets / "pyodide" / name)
    shutil.copyfile(node_modules / "@viz-js" / "viz" / "dist" / "viz-global.js", assets / "viz-global.js")
    for name in ("page.js", "page.css", "mgk_page.py"):
        shutil.copyfile(SITE / name, assets / name)
    (assets / "wheels").mkdir(exist_ok=True)
    for wheel in wheel_files:
        shutil.copyfile(wheel, assets / "wheels" / wheel.name)
    manifest = {"wheels": [wheel.name for wheel in wheel_files]}
    (assets / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")


# ------------------------------------------------------------------ cells

_PERCENT = re.compile(r"^# %%(.*)$", re.MULTILINE)
_SECTION = re.compile(r"^# -{8,} *(.*)$", re.MULTILINE)


def _uncomment(text: str) -> str:
    """A jupytext markdown cell: every line starts with '# ' (or is '#')."""
    return "\n".join(re.sub(r"^# ?", "", line) for line in text.splitlines())


def percent_cells(text: str) -> List[Cell]:
    marks = list(_PERCENT.finditer(text))
    cells = []
    for mark, after in zip(marks, marks[1:] + [None]):
        body = text[mark.end():after.start() if after else len(text)].strip("\n")
        if "[markdown]" in mark.group(1):
            cells.append(Cell("markdown", _uncomment(body)))
        elif body.strip():
            cells.append(Cell("code", body))
    return cells


def section_cells(text: str) -> List[Cell]:
    """A script without cell markers: its docstring, then one cell per '# ---- title' section."""
    cells = []
    docstring = re.match(r'\s*"""(.*?)"""\s*', text, re.DOTALL)
    if docstring:
        cells.append(Cell("markdown", docstring.group(1).strip()))
        text = text[docstring.end():]
    marks = list(_SECTION.finditer(text))
    starts = [0] + [m.end() for m in marks]
    titles = [""] + [m.group(1).strip() for m in marks]
    ends = [m.start() for m in marks] + [len(text)]
    for title, start, end in zip(titles, starts, ends):
        if title:
            cells.append(Cell("markdown", "### " + title))
        body = text[start:end].strip("\n")
        if body.strip():
            cells.append(Cell("code", body))
    return cells


def notebook_cells(path: Path) -> List[Cell]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return [Cell(c["cell_type"], "".join(c["source"])) for c in notebook["cells"]
            if c["cell_type"] in ("code", "markdown") and "".join(c["source"]).strip()]


def topic_cells(script: Path) -> List[Cell]:
    notebook = script.with_suffix(".ipynb")
    if notebook.exists():
        return notebook_cells(notebook)
    text = script.read_text(encoding="utf-8")
    return percent_cells(text) if _PERCENT.search(text) else section_cells(text)


def markdown_to_html(texts: List[str], node_modules: Path) -> List[str]:
    """Markdown texts as HTML, by marked under node (one call for all of them)."""
    if not texts:
        return []
    program = ("const {marked} = require(process.argv[1]);"
               "let input = ''; process.stdin.on('data', d => input += d);"
               "process.stdin.on('end', () => process.stdout.write("
               "JSON.stringify(JSON.parse(input).map(t => marked.parse(t)))));")
    done = subprocess.run(["node", "-e", program, str(node_modules / "marked")], input=json.dumps(texts),
                          capture_output=True, text=True, encoding="utf-8", check=True)
    return json.loads(done.stdout)


# ------------------------------------------------------------------ pages

WORDS = {
    "ko": {"title": "microgradkr: 브라우저에서 배우는 역전파", "loading": "Python과 Graphviz를 불러오는 중",
           "ready": "준비됨: 셀을 고치고 실행해 보세요 (Shift+Enter)", "failed": "불러오지 못했습니다:",
           "run": "실행", "run_all": "모두 실행", "home": "처음", "playground": "놀이터",
           "explorer": "탐색기", "topics": "튜토리얼 주제", "loss": "손실", "epoch": "에폭",
           "accuracy": "정확도", "not_started": "아직 학습하지 않았습니다", "play": "재생", "pause": "일시정지",
           "step": "한 에폭", "reset": "처음부터", "lr": "학습률", "optimizer": "최적화 기법",
           "circuit": "회로",
           "intro": "설치 없이 브라우저에서 microgradkr를 실행합니다. 인터넷 없이도 움직입니다: Python(Pyodide)과 "
                    "Graphviz(WebAssembly)가 이 사이트 안에 들어 있습니다.",
           "playground_intro": "사과 쇼핑(밑바닥부터 시작하는 딥러닝 5.4)의 순전파와 역전파입니다. 숫자를 바꾸고 "
                               "실행해 보세요. 셀의 마지막 줄이 그림이면 그림이, 아니면 그 값이 나옵니다.",
           "explorer_intro": "슬라이더를 움직이면 그래프를 새 숫자로 다시 만들어 역전파하고, 그림과 기울기 표를 다시 그립니다.",
           "training_intro": "두 개의 달(moons) 데이터에서 MLP(2-8-8-1, 힌지 손실)를 한 에폭씩 학습합니다."},
    "en": {"title": "microgradkr: backpropagation in the browser", "loading": "Loading Python and Graphviz",
           "ready": "Ready: edit a cell and run it (Shift+Enter)", "failed": "Could not load:",
           "run": "Run", "run_all": "Run all", "home": "Home", "playground": "Playground",
           "explorer": "Explorer", "topics": "Tutorial topics", "loss": "loss", "epoch": "epoch",
           "accuracy": "accuracy", "not_started": "Not trained yet", "play": "Play", "pause": "Pause",
           "step": "One epoch", "reset": "Start over", "lr": "learning rate", "optimizer": "optimizer",
           "circuit": "circuit",
           "intro": "microgradkr running in your browser, nothing installed, no internet needed: Python (Pyodide) "
                    "and Graphviz (WebAssembly) are inside this site.",
           "playground_intro": "The apple example (DLFS 5.4), forward and backward. Change a number and run it. "
                               "A cell whose last line is a picture shows the picture, else its value.",
           "explorer_intro": "Move a slider: the graph is built again from the new numbers, backward runs, "
                             "and the picture and the gradient table are drawn again.",
           "training_intro": "An MLP (2-8-8-1, hinge loss) learns the two moons, one epoch at a time."},
}

APPLE = {
    "ko": '''from microgradkr import Value, draw_dot

# 사과 100원짜리 2개, 소비세 1.1 (밑바닥부터 시작하는 딥러닝 5.4)
apple = Value(100.0, label="사과")
apple_num = Value(2.0, label="사과 개수")
tax = Value(1.1, label="소비세")

apple_price = apple * apple_num     # 순전파: 곱셈 노드
apple_price.label = "사과 가격"
price = apple_price * tax           # 곱셈 노드
price.label = "지불 금액"
price.backward()                    # 역전파: 연쇄법칙
print("지불 금액:", price.data)
print("∂지불 금액/∂사과 =", apple.grad, " ∂/∂사과 개수 =", apple_num.grad, " ∂/∂소비세 =", tax.grad)
draw_dot(price, mode="backward")    # 마지막 줄의 그림이 아래에 나옵니다
''',
    "en": '''from microgradkr import Value, draw_dot

# 2 apples at 100 each, 10% tax (DLFS 5.4)
apple = Value(100.0, label="apple")
apple_num = Value(2.0, label="apple count")
tax = Value(1.1, label="tax")

apple_price = apple * apple_num     # forward: a multiply node
apple_price.label = "apple price"
price = apple_price * tax           # a multiply node
price.label = "total"
price.backward()                    # backward: the chain rule
print("total:", price.data)
print("d total/d apple =", apple.grad, " d/d count =", apple_num.grad, " d/d tax =", tax.grad)
draw_dot(price, mode="backward")    # the last line's picture shows below
''',
}

_PAGE = """<!DOCTYPE html>
<html lang="{lang}" data-assets="{assets}" data-lang="{lang}" data-autorun="{autorun}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{title}</title>
<link rel="stylesheet" href="{assets}page.css">
</head>
<body>
<header><h1>{heading}</h1><nav>{nav}</nav><span id="mgk-status"></span></header>
{body}
<script id="mgk-words" type="application/json">{words}</script>
<script src="{assets}viz-global.js"></script>
<script src="{assets}pyodide/pyodide.js"></script>
<script src="{assets}page.js"></script>
</body>
</html>
"""


def page(lang: str, heading: str, body: str, depth: int = 0, runtime: bool = True, autorun: bool = False) -> str:
    """One page of the site; `depth` folders below the site's root; without `runtime`, no Python."""
    words = WORDS[lang]
    up = "../" * depth
    nav = " ".join(f'<a href="{up}{href}">{html.escape(words[key])}</a>'
                   for key, href in (("home", "index.html"), ("playground", "playground.html"),
                                     ("explorer", "explorer.html")))
    text = _PAGE.format(lang=lang, assets=up + "assets/", autorun="1" if autorun else "0",
                        title=html.escape(heading), heading=html.escape(heading), nav=nav, body=body,
                        words=json.dumps(words, ensure_ascii=False).replace("<", "\\u003c"))
    if not runtime:  # the index: links only, nothing to load
        text = re.sub(r'<script src="[^"]*"></script>\n', "", text).replace('<span id="mgk-status"></span>', "")
    return text


def code_cell(source: str, filename: str, words: Dict[str, str]) -> str:
    rows = min(40, source.count("\n") + 2)
    return (f'<section class="mgk-cell" data-file="{html.escape(filename)}">'
            f'<textarea rows="{rows}" spellcheck="false">{html.escape(source)}</textarea>'
            f'<button class="mgk-run" type="button">{html.escape(words["run"])}</button>'
            f'<div class="mgk-output"></div></section>')


def topic_page(lang: str, topic, cells: List[Cell], rendered: List[str]) -> str:
    words = WORDS[lang]
    filename = f"/home/pyodide/demos/{topic.script}"  # kit.start(__file__) names the demo by this
    parts = [f"<p>{html.escape(topic.intro[lang])}</p>",
             f'<button id="mgk-run-all" type="button">{html.escape(words["run_all"])}</button>']
    markdown = iter(rendered)
    for cell in cells:
        if cell.kind == "markdown":
            parts.append(f'<div class="mgk-markdown">{next(markdown)}</div>')
        else:
            parts.append(code_cell(cell.source, filename, words))
    return page(lang, topic.title[lang], "\n".join(parts), depth=1)


def explorer_page(lang: str) -> str:
    from microgradkr.explorers.graph import CIRCUITS

    words = WORDS[lang]
    options = "".join(f'<option value="{name}">{name}</option>' for name in CIRCUITS)
    body = f"""<section id="mgk-explorer"><p>{html.escape(words["explorer_intro"])}</p>
<label>{html.escape(words["circuit"])} <select id="mgk-circuit">{options}</select></label>
<div class="mgk-numbers"><div id="mgk-sliders"></div><div><p><b id="mgk-result"></b></p><div id="mgk-table"></div></div></div>
<div id="mgk-picture"></div></section>
<section id="mgk-training"><h2>moons</h2><p>{html.escape(words["training_intro"])}</p>
<button id="mgk-step" type="button">{html.escape(words["step"])}</button>
<button id="mgk-play" type="button">{html.escape(words["play"])}</button>
<button id="mgk-reset" type="button">{html.escape(words["reset"])}</button>
<label>{html.escape(words["optimizer"])} <select id="mgk-optimizer"><option value="adam">Adam</option>
<option value="sgd">SGD</option><option value="momentum">Momentum</option><option value="adagrad">AdaGrad</option></select></label>
<label>{html.escape(words["lr"])} <input id="mgk-lr" type="number" value="0.05" step="0.01" min="0.0001"></label>
<p id="mgk-train-status"></p>
<div class="mgk-pictures"><svg id="mgk-loss" width="420" height="220"></svg>
<canvas id="mgk-boundary" width="300" height="300"></canvas></div></section>"""
    return page(lang, words["explorer"], body)


def build(out: Path, lang: str, cache: Path) -> Path:
    sys.path.insert(0, str(ROOT))  # this checkout's microgradkr (the one whose wheel is built)
    from microgradkr.tour.topics import TOPICS

    node_modules = npm_assets(cache)
    wheel_files = wheels(cache)
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(node_modules, wheel_files, out / "assets")
    words = WORDS[lang]

    topics = [(topic, topic_cells(DEMOS / topic.script)) for topic in TOPICS if (DEMOS / topic.script).exists()]
    texts = [cell.source for _, cells in topics for cell in cells if cell.kind == "markdown"]
    rendered = iter(markdown_to_html(texts, node_modules))
    (out / "topics").mkdir(exist_ok=True)
    links = []
    for topic, cells in topics:
        mine = [next(rendered) for cell in cells if cell.kind == "markdown"]
        name = Path(topic.script).stem + ".html"
        (out / "topics" / name).write_text(topic_page(lang, topic, cells, mine), encoding="utf-8")
        links.append(f'<li><a href="topics/{name}">{html.escape(topic.title[lang])}</a> '
                     f'<small>({html.escape(topic.tutorial[lang])})</small></li>')

    playground = (f"<p>{html.escape(words['playground_intro'])}</p>"
                  + code_cell(APPLE[lang], "/home/pyodide/playground.py", words))
    (out / "playground.html").write_text(page(lang, words["playground"], playground, autorun=True),
                                         encoding="utf-8")
    (out / "explorer.html").write_text(explorer_page(lang), encoding="utf-8")
    index = (f"<p>{html.escape(words['intro'])}</p>"
             f'<ul class="mgk-topics"><li><a href="playground.html">{html.escape(words["playground"])}</a></li>'
             f'<li><a href="explorer.html">{html.escape(words["explorer"])}</a></li></ul>'
             f"<h2>{html.escape(words['topics'])}</h2><ul class=\"mgk-topics\">{''.join(links)}</ul>")
    (out / "index.html").write_text(page(lang, words["title"], index, runtime=False), encoding="utf-8")
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path, help="the site's folder (created)")
    parser.add_argument("--lang", default="ko", choices=sorted(WORDS))
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE,
                        help="where npm's packages and the wheels are kept between builds")
    args = parser.parse_args(argv)
    out = build(args.out, args.lang, args.cache)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"site: {out} ({size / 1e6:.1f} MB); serve it with: python -m http.server -d {out}")


if __name__ == "__main__":
    main()
