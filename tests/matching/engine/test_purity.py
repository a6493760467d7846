"""The engine is pure computation: it imports no Django, only the standard library, numpy and OR-Tools.

Kept that way, it runs in any process (a worker, a benchmark, a notebook) and cannot reach a model, hence no
name, birth date or sensitive situation.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[3]
ENGINE_DIR = PROJECT_ROOT / "matching" / "engine"
ALLOWED_THIRD_PARTY = {"numpy", "ortools"}

IMPORT_EVERY_ENGINE_MODULE = (
    "import sys; "
    "import matching.engine.columns, matching.engine.config, matching.engine.scoring, matching.engine.allocation; "
    "import matching.engine.deferred_acceptance, matching.engine.near_misses, matching.engine.allocation_waves; "
    "loaded = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; "
    "assert not loaded, loaded"
)


def test_importing_the_engine_loads_no_django():
    completed = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERY_ENGINE_MODULE],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in a file, relative imports resolved against its package."""
    package = ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                found.append((node.lineno, f"{base}.{node.module}" if node.module else base))
            else:
                found.append((node.lineno, node.module or ""))
    return found


def _is_allowed(module: str) -> bool:
    top = module.split(".")[0]
    return (
        top in sys.stdlib_module_names
        or top in ALLOWED_THIRD_PARTY
        or module == "matching.engine"
        or module.startswith("matching.engine.")
    )


ENGINE_FILES = sorted(ENGINE_DIR.rglob("*.py"))


def test_the_engine_has_modules_to_check():
    names = {path.name for path in ENGINE_FILES}
    assert {"columns.py", "config.py", "scoring.py", "allocation.py", "deferred_acceptance.py"} <= names


@pytest.mark.parametrize("path", ENGINE_FILES, ids=lambda path: str(path.relative_to(PROJECT_ROOT)))
def test_every_engine_import_is_the_standard_library_numpy_ortools_or_the_engine(path):
    forbidden = [f"line {line}: {module}" for line, module in _imported_modules(path) if not _is_allowed(module)]
    assert not forbidden, f"{path.name} imports outside the engine's allowed set: {forbidden}"
