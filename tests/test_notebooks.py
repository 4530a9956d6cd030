"""Every notebook in notebooks/ runs top to bottom on a real pipeline run of data/sample/.

The notebooks are executed with papermill in a ``python3`` kernel that runs this test's own
interpreter (the project's venv), with ``warehouse`` pointed at the snapshot the session's
``sample_run`` published. They must run without errors, draw at least one figure, and never
print an email address.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import nbformat
import pytest

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
KERNEL = "python3"


@pytest.fixture(scope="session")
def venv_kernel(tmp_path_factory: pytest.TempPathFactory):
    """A ``python3`` kernelspec that runs ``sys.executable``, found before any other.

    ``ipykernel install --prefix`` into a temporary folder writes a kernel.json whose argv
    starts with this interpreter's absolute path; putting that folder first on ``JUPYTER_PATH``
    makes Jupyter pick it over a user's or the system's ``python3`` kernel. Nothing outside
    the temporary folder is touched, so it works on a fresh clone after ``uv sync``.
    """
    from ipykernel.kernelspec import install
    from jupyter_client.kernelspec import KernelSpecManager

    prefix = tmp_path_factory.mktemp("jupyter")
    install(prefix=str(prefix), kernel_name=KERNEL, display_name="Python 3 (ambassador venv)")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_PATH", os.pathsep.join(filter(None, [str(prefix / "share" / "jupyter"), os.environ.get("JUPYTER_PATH")])))
        spec = KernelSpecManager().get_kernel_spec(KERNEL)
        assert spec.argv[0] == sys.executable, f"kernel {KERNEL} would run {spec.argv[0]}, not {sys.executable}"
        yield KERNEL


def _outputs(nb) -> list[dict]:
    return [out for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])]


def _output_texts(out: dict) -> list[str]:
    """The text an output shows (streams, tracebacks, text/* and JSON data; not images)."""
    texts = [out.get("text", ""), out.get("evalue", ""), *out.get("traceback", [])]
    for mime, value in out.get("data", {}).items():
        if not mime.startswith("image/"):
            texts.append(value if isinstance(value, str) else str(value))
    return texts


def test_notebooks_are_committed_clean():
    """Each notebook starts with a tagged ``parameters`` cell and is stored without outputs."""
    assert NOTEBOOKS, f"no notebooks in {NOTEBOOK_DIR}"
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert code and "parameters" in code[0].metadata.get("tags", []), f"{path.name}: first code cell is not tagged 'parameters'"
        dirty = [i for i, c in enumerate(code) if c.get("outputs") or c.get("execution_count")]
        assert not dirty, f"{path.name}: code cells {dirty} have outputs; clear them before committing"


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_on_sample(notebook: Path, sample_run, venv_kernel: str, tmp_path: Path):
    import papermill as pm

    executed = tmp_path / notebook.name
    pm.execute_notebook(
        str(notebook),
        str(executed),
        parameters={"warehouse": str(sample_run.snapshot)},
        kernel_name=venv_kernel,
        cwd=str(notebook.parent),
        progress_bar=False,
        execution_timeout=600,
    )
    outputs = _outputs(nbformat.read(executed, as_version=4))

    errors = [f"{o.get('ename')}: {o.get('evalue')}" for o in outputs if o.get("output_type") == "error"]
    assert not errors, f"{notebook.name} raised: {errors}"
    assert any("image/png" in o.get("data", {}) for o in outputs), f"{notebook.name} drew no figure"
    leaks = sorted({m.group() for o in outputs for t in _output_texts(o) for m in EMAIL.finditer(t)})
    assert not leaks, f"{notebook.name} shows {len(leaks)} email address(es) in its outputs"
