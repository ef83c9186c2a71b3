/* Runs learners' Python with Pyodide, served by the site itself (no CDN, works offline).
 * Loaded on first use by caire-python.js; one worker (one Python) per page. */
"use strict";

const BASE = new URL("pyodide/", self.location.href).href;

// One namespace per page, like a notebook's kernel; figures leave as PNG, and the value
// of a last bare expression is shown, as Jupyter does.
const SETUP = `
import ast, base64, io, json, os, sys, traceback, warnings
os.environ["MPLBACKEND"] = "AGG"
warnings.filterwarnings("ignore", message=".*non-interactive.*")
_caire_ns = {"__name__": "__main__"}

def _caire_run(code, filename):
    out = io.StringIO()
    error = None
    saved = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = out
    try:
        tree = ast.parse(code, filename)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, filename, "exec"), _caire_ns)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), filename, "eval"), _caire_ns)
            if value is not None:
                print(repr(value))
    except SyntaxError as exc:
        error = {"ename": "SyntaxError", "evalue": str(exc.msg), "line": exc.lineno}
    except BaseException as exc:
        line = None
        for frame in traceback.extract_tb(exc.__traceback__):
            if frame.filename == filename:
                line = frame.lineno
        error = {"ename": type(exc).__name__, "evalue": str(exc), "line": line,
                 "name": getattr(exc, "name", None)}
    finally:
        sys.stdout, sys.stderr = saved
    figures = []
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        for number in plt.get_fignums():
            buffer = io.BytesIO()
            plt.figure(number).savefig(buffer, format="png", dpi=80, bbox_inches="tight")
            figures.append(base64.b64encode(buffer.getvalue()).decode())
        plt.close("all")
    return json.dumps({"stdout": out.getvalue(), "figures": figures, "error": error})
`;

let python = null;

function start() {
  if (!python) {
    python = (async () => {
      importScripts(BASE + "pyodide.js");
      const pyodide = await loadPyodide({ indexURL: BASE });
      pyodide.runPython(SETUP);
      return pyodide;
    })();
  }
  return python;
}

self.onmessage = async (event) => {
  const { id, code, filename } = event.data;
  try {
    const pyodide = await start();
    await pyodide.loadPackagesFromImports(code);
    const run = pyodide.globals.get("_caire_run");
    const result = JSON.parse(run(code, filename));
    run.destroy();
    self.postMessage({ id, result });
  } catch (error) {
    self.postMessage({ id, failure: String((error && error.message) || error) });
  }
};
