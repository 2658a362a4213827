"""The structure's rules that the import contract (.importlinter) cannot see.

- Only ``cases/transitions.py`` moves a dossier from one step to another (assigns ``Dossier.state``).
- Views, template tags and templates never compare a dossier's step themselves: they ask ``cases.policies``.
"""

import ast
import re
from pathlib import Path

import binome


SRC = Path(binome.__file__).parent
TEMPLATES = SRC / "templates"


def _python_files():
    return [p for p in SRC.rglob("*.py") if "migrations" not in p.parts]


def _state_writes(path: Path) -> list[int]:
    """Lines where ``path`` writes a dossier's state: ``x.state = …``, ``.update(state=…)``, ``create(state=…)``."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text())):
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AugAssign) else []
        )
        for target in targets:
            if isinstance(target, ast.Attribute) and target.attr == "state" and not _is_self(target):
                lines.append(node.lineno)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in {"update", "create", "bulk_create", "get_or_create", "update_or_create"}:
                if any(k.arg == "state" for k in node.keywords):
                    lines.append(node.lineno)
    return lines


def _is_self(target: ast.Attribute) -> bool:
    # ``self.state`` in a class of its own (the demo's story keeps the state it aims at) is not a dossier's.
    return isinstance(target.value, ast.Name) and target.value.id == "self"


def test_only_transitions_assign_a_dossiers_state():
    offenders = {
        str(p.relative_to(SRC)): lines
        for p in _python_files()
        if (lines := _state_writes(p)) and p != SRC / "cases" / "transitions.py"
    }
    assert offenders == {}


def test_the_rule_finds_an_assignment(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f(d):\n    d.state = 'closed'\n    Dossier.objects.filter(pk=1).update(state='sent')\n")
    assert _state_writes(sample) == [2, 3]


STATE_COMPARISON = re.compile(r"\.state\s*(==|!=|\bin\b|\bnot in\b)|\bState\.[A-Z_]+\s*(==|!=)")
TEMPLATE_COMPARISON = re.compile(r"{%\s*(if|elif)\b[^%]*\.state\s*(==|!=|\bin\b|\bnot in\b)")


def _web_modules():
    for path in _python_files():
        name = path.name
        if name == "views.py" or name.endswith("_views.py") or "templatetags" in path.parts or name == "chain.py":
            yield path


def test_views_and_tags_ask_the_policies_instead_of_comparing_steps():
    offenders = []
    for path in _web_modules():
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if STATE_COMPARISON.search(line):
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert offenders == []


def test_templates_ask_the_policies_instead_of_comparing_steps():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if TEMPLATE_COMPARISON.search(line):
                offenders.append(f"{path.relative_to(TEMPLATES)}:{number}")
    assert offenders == []


def test_the_rules_find_a_comparison():
    assert STATE_COMPARISON.search("if dossier.state in {State.SCHEDULED}:")
    assert STATE_COMPARISON.search("ok = d.state == State.RECEIVED")
    assert TEMPLATE_COMPARISON.search('{% elif dossier.state == "sent" %}')
    assert not TEMPLATE_COMPARISON.search('<p class="state state--{{ dossier.state }}">')


MAX_FUNCTION_LINES = 80


def _long_functions(path: Path) -> list[str]:
    return [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]


def test_no_function_is_longer_than_80_lines():
    offenders = {str(p.relative_to(SRC)): found for p in _python_files() if (found := _long_functions(p))}
    assert offenders == {}


def test_the_length_rule_finds_a_long_function(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def long():\n" + "    x = 1\n" * 80 + "\n\ndef short():\n    return 1\n")
    assert _long_functions(sample) == ["long (81 lines)"]
