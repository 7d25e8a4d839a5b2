"""microgradkr under Pyodide, the browser's Python, run in Node (scripts/check_pyodide.mjs).

The wheel pip builds, with graphviz's and tqdm's pure-Python wheels, is unpacked into
the Pyodide that package.json pins; there it must import, compute the textbook's apple
numbers and draw the same DOT and text, byte for byte, as this Python does.
"""

import importlib.metadata
import json
import shutil
import subprocess
import tomllib

import pytest

from microgradkr import draw_dot, gates
from wheels import ROOT, build_wheels

PYODIDE = ROOT / "node_modules" / "pyodide"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    node = shutil.which("node")
    if node is None or not (PYODIDE / "pyodide-lock.json").exists():
        pytest.skip("Node.js and Pyodide are needed: apt-get install nodejs npm, then npm ci (see README)")
    # the versions installed here, so both sides run the same dependencies
    wheels, _ = build_wheels(tmp_path_factory.mktemp("wheels"),
                             f"graphviz=={importlib.metadata.version('graphviz')}",
                             f"tqdm=={importlib.metadata.version('tqdm')}")
    assert set(wheels) == {"microgradkr", "graphviz", "tqdm"}, wheels
    done = subprocess.run([node, str(ROOT / "scripts" / "check_pyodide.mjs"), *map(str, wheels.values())],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(done.stdout)


def test_it_runs_on_pyodides_python_from_the_wheel(report):
    lock = json.loads((PYODIDE / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert report["python"] == lock["info"]["python"]
    assert report["platform"] == "emscripten"
    assert report["microgradkr"].endswith("/site-packages/microgradkr/__init__.py")
    major, minor = report["python"].split(".")[:2]
    classifiers = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["classifiers"]
    assert f"Programming Language :: Python :: {major}.{minor}" in classifiers


def test_the_apple_numbers_are_the_textbooks(report):
    assert report["wrong"] == {}
    numbers = report["numbers"]
    assert round(numbers["total"], 9) == 220 and numbers["apple"] == 2.2
    assert round(numbers["apple_num"], 9) == 110 and numbers["tax"] == 200


def test_dot_and_text_are_the_same_as_here(report):
    circuit = gates.apple().backward()
    assert report["numbers"] == {"total": circuit.output.data,
                                 **{name: leaf.grad for name, leaf in circuit.inputs.items()}}
    for mode in ("forward", "backward"):
        here = draw_dot(circuit.output, mode=mode)
        assert report["dot"][mode] == here.source
        assert report["text"][mode] == here.text()
    assert "지불 금액" in report["dot"]["backward"] and "기울기 2.2" in report["text"]["backward"]
