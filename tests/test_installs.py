"""Installs read as IPython runs the cell: guarded by a test that is false here (Colab,
Kaggle, another platform), they do not run here; unguarded, or in the guard's `else`,
they do."""

from __future__ import annotations

import pytest

from checks.gate.notebooks.installs import install_cells

GUARDED = [
    "import sys\nif 'google.colab' in sys.modules:\n    %pip install -q seaborn",
    "if 'google.colab' in str(get_ipython()):\n    !pip install seaborn",
    "import os\nif 'COLAB_GPU' in os.environ:\n    !pip install seaborn",
    "try:\n    import google.colab\n    %pip install seaborn\nexcept ImportError:\n    pass",
    "import sys\nif sys.platform == 'win32':\n    %pip install seaborn",
    "import sys, os\nif 'google.colab' in sys.modules and not os.path.exists('data'):\n"
    "    !pip install seaborn\n    !wget https://example.org/data.csv",
    "%%capture\nimport sys\nif 'google.colab' in sys.modules:\n    %pip install seaborn",
]
UNGUARDED = [
    # The browser's Python is where the learners run the exercises: no guard.
    "import sys\nif sys.platform == 'emscripten':\n    %pip install seaborn",
    "import sys\nif 'pyodide' in sys.modules:\n    import micropip\n    %pip install seaborn",
    "%pip install seaborn",
    "!pip install -q seaborn",
    "!{sys.executable} -m pip install seaborn",
    "%conda install seaborn",
    "%%bash\npip install seaborn",
    "%%capture\n%pip install seaborn",
    "import subprocess, sys\nsubprocess.check_call([sys.executable, '-m', 'pip', 'install', 'x'])",
    "import sys\nif 'google.colab' in sys.modules:\n    pass\nelse:\n    %pip install seaborn",
    "import sys\nif 'google.colab' not in sys.modules:\n    %pip install seaborn",
    "import sys\nif sys.platform.startswith('linux'):\n    %pip install seaborn",
    "for name in ['a', 'b']:\n    %pip install {name}",
    "x = (1,\n%pip install seaborn",  # Python cannot parse it: read line by line
]


@pytest.mark.parametrize("source", GUARDED)
def test_an_install_guarded_for_another_platform_does_not_run_here(source: str) -> None:
    assert install_cells([source]) == []


@pytest.mark.parametrize("source", UNGUARDED)
def test_an_install_that_runs_here_is_found(source: str) -> None:
    assert install_cells([source]) == [0]


def test_a_flag_set_in_an_earlier_cell_guards_a_later_one() -> None:
    cells = ["import sys\nON_HOSTED = 'google.colab' in sys.modules", None,
             "if ON_HOSTED:\n    %pip install seaborn",
             "if not ON_HOSTED:\n    %pip install seaborn"]
    assert install_cells(cells) == [3]


def test_commands_that_do_not_install_are_not_installs() -> None:
    assert install_cells(["%pip list", "!pip show numpy", "print('pip install x')",
                          "%matplotlib inline"]) == []
