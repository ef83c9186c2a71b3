"""`caire preview`: serve the book on 127.0.0.1, rebuild on change, reload the browser.

sphinx-autobuild does the watching, serving and live reload; the generated conf.py
re-reads `_config.yml` at every rebuild, so configuration changes are picked up too.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from checks.book.config import write_sphinx_conf
from checks.errors import SetupError
from checks.layout import DOCTREE_DIR, HTML_DIR, NOT_CONTENT

# Everything under the book root that is not a page, a config file or an asset.
IGNORED = sorted(NOT_CONTENT | {"tests", "bench", "checks"})


def preview_command(root: Path, port: int) -> list[str]:
    command = [
        sys.executable, "-m", "sphinx_autobuild", str(root), str(root / HTML_DIR),
        "-c", str(write_sphinx_conf(root)),
        "--doctree-dir", str(root / DOCTREE_DIR),
        "--host", "127.0.0.1", "--port", str(port), "--no-color",
    ]
    for name in IGNORED:
        command += ["--re-ignore", rf"(^|/){re.escape(name)}(/|$)"]
    return command


def preview(root: Path, *, port: int) -> int:
    if not 0 <= port <= 65535:
        raise SetupError(f"--port {port}: not a TCP port")
    print(f"caire: serving the book on http://127.0.0.1:{port}/ (Ctrl+C to stop)",
          file=sys.stderr)
    try:
        return subprocess.call(preview_command(root, port), cwd=root)
    except KeyboardInterrupt:
        return 0
