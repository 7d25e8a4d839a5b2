"""The package as pip and PyPI see it: the license, the Pythons it claims, a build that warns of nothing.

The Pythons claimed (version classifiers, requires-python) are the ones tested: each
`python3.N -m venv` in .ci/ runs the whole suite, and the Pyodide that package.json pins
runs scripts/check_pyodide.mjs (tests/test_pyodide.py).
"""

import json
import re
import sys
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
import trove_classifiers

from wheels import ROOT, build_wheels

PYTHON_CLASSIFIER = re.compile(r"Programming Language :: Python :: (3\.\d+)$")
# an SPDX license expression: identifiers joined by AND / OR / WITH
SPDX_EXPRESSION = re.compile(r"[A-Za-z0-9.+-]+( (AND|OR|WITH) [A-Za-z0-9.+-]+)*")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(the METADATA of microgradkr's wheel, the wheel's file names, pip's build output)."""
    wheels, output = build_wheels(tmp_path_factory.mktemp("wheel"))
    with zipfile.ZipFile(wheels["microgradkr"]) as wheel:
        names = wheel.namelist()
        metadata = next(name for name in names if name.endswith(".dist-info/METADATA"))
        text = wheel.read(metadata).decode("utf-8")
        files = {name: wheel.read(name) for name in names}
    return Parser().parsestr(text), files, output


def _version(text: str) -> "tuple[int, int]":
    major, minor = text.split(".")[:2]
    return int(major), int(minor)


def _suite_pythons() -> "set[tuple[int, int]]":
    """The Pythons .ci/ runs the whole suite on (each makes a venv with `python3.N -m venv`)."""
    found = set()
    for script in (ROOT / ".ci").iterdir():
        found |= {_version(v) for v in re.findall(r"python(3\.\d+) -m venv", script.read_text(encoding="utf-8"))}
    return found


def _claimed_pythons(metadata) -> "set[tuple[int, int]]":
    return {_version(m.group(1)) for c in metadata.get_all("Classifier")
            if (m := PYTHON_CLASSIFIER.match(c))}


def test_license_is_an_spdx_expression_with_its_file_in_the_wheel(built):
    metadata, files, _ = built
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert isinstance(project["license"], str) and SPDX_EXPRESSION.fullmatch(project["license"])
    assert metadata["License-Expression"] == project["license"] == "MIT"
    assert metadata["License"] is None  # the field PEP 639 replaced
    assert metadata.get_all("License-File") == ["LICENSE"]
    licenses = [name for name in files if name.endswith(".dist-info/licenses/LICENSE")]
    assert len(licenses) == 1 and files[licenses[0]] == (ROOT / "LICENSE").read_bytes()


def test_classifiers_are_known_and_none_is_deprecated(built):
    classifiers = built[0].get_all("Classifier")
    assert classifiers and set(classifiers) <= trove_classifiers.classifiers
    assert not set(classifiers) & set(trove_classifiers.deprecated_classifiers)
    # with a License-Expression, a license classifier is deprecated (PEP 639)
    assert not [c for c in classifiers if c.startswith("License ::")]


def test_the_build_warns_of_nothing(built):
    # pip -v indents what the build backend prints; pip's own lines (about this
    # machine's index settings, say) are not the project's
    backend = [line for line in built[2].splitlines() if line.startswith("  ")]
    assert backend, built[2][-2000:]
    warnings = [line for line in backend if re.search(r"warn|deprecat", line, re.I)]
    assert warnings == []


def test_the_suite_pythons_are_claimed_and_the_oldest_is_required(built):
    metadata = built[0]
    suite = _suite_pythons()
    assert (3, 11) in suite and len(suite) >= 2, suite
    assert suite <= _claimed_pythons(metadata)
    oldest = min(suite)
    assert metadata["Requires-Python"] == f">={oldest[0]}.{oldest[1]}"
    # running this suite on a Python the package does not claim fails here
    assert sys.version_info[:2] in _claimed_pythons(metadata)


def test_the_claimed_pythons_are_exactly_the_tested_ones(built):
    lock = ROOT / "node_modules" / "pyodide" / "pyodide-lock.json"
    if not lock.exists():
        pytest.skip("Pyodide's Python is read from its npm package: npm ci (see README)")
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["pyodide"]
    installed = json.loads((ROOT / "node_modules" / "pyodide" / "package.json").read_text(encoding="utf-8"))
    assert installed["version"] == pinned, "node_modules is not package.json's Pyodide: npm ci"
    pyodide_python = _version(json.loads(lock.read_text(encoding="utf-8"))["info"]["python"])
    assert _claimed_pythons(built[0]) == _suite_pythons() | {pyodide_python}
