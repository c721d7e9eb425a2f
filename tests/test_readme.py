"""The README's example runs and says what it prints (``expr  # 'value'`` lines)."""

import re
from pathlib import Path

import vngov

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_example() -> None:
    block = re.search(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S).group(1)
    env: dict = {"vngov": vngov}
    checked = 0
    for line in block.splitlines():
        code, _, comment = line.partition("#")
        m = re.match(r"\s*'([^']*)'", comment)
        if code.strip().startswith(("import", "r =")) or not m:
            exec(code, env)
            continue
        assert eval(code, env) == m.group(1), line
        checked += 1
    assert checked >= 3
