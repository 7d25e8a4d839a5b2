"""The README holds exactly two set-up commands, and CI runs the test one verbatim."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _commands(text):
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", text, re.S)]


def test_exactly_two_setup_commands_in_each_language():
    commands = _commands((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(set(commands)) == 2, commands
    main, tests = commands[0], commands[1]
    assert main.startswith("pip install ") and "microgradkr" in main.split("&&")[1]
    assert tests.startswith("pip install ") and tests.endswith("pytest")


def test_ci_runs_the_readme_test_command():
    commands = _commands((ROOT / "README.md").read_text(encoding="utf-8"))
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()
    assert "set -euo pipefail" in ci
