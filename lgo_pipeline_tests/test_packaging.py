"""A user's install: the package built as a wheel and installed into a fresh virtual environment (not editable)
runs `lgo-pipeline run`: the SQL project, and everything else a run reads, ships inside it."""

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from lgo_pipeline_tests.conftest import REPO, SAMPLE_DIR, SMALL_REGISTER


def _sources(into: Path) -> Path:
    """What a wheel is built from, copied (links kept), so that building leaves nothing in the repository."""
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, into / name)
    for name in ("lgo_pipeline", "dbt_like_sql"):
        shutil.copytree(REPO / name, into / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    return into


def test_a_wheel_in_a_fresh_venv_runs_the_pipeline(tmp_path: Path) -> None:
    wheels, venv, sources = tmp_path / "wheels", tmp_path / "venv", tmp_path / "sources"
    sources.mkdir()
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(wheels), str(_sources(sources))], check=True, capture_output=True, timeout=300)
    (wheel,) = wheels.glob("lgo_pipeline-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    # The dependencies come from this venv's site-packages (no download); its editable install of the project
    # does not, as its .pth files are not read from a folder added this way.
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)], check=True, timeout=300)
    work = tmp_path / "elsewhere"  # not the repository: nothing may be found beside the sources
    work.mkdir()
    located = subprocess.run([str(python), "-c", "import lgo_pipeline; print(lgo_pipeline.__file__)"], cwd=work,
                             check=True, capture_output=True, text=True).stdout.strip()
    assert located.startswith(str(site))
    done = subprocess.run(
        [str(venv / "bin" / "lgo-pipeline"), "run", "--raw-dir", str(SAMPLE_DIR), "--warehouse",
         str(work / "warehouse.duckdb"), "--org-register", str(SMALL_REGISTER), "--quiet"],
        cwd=work, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 failed (blocking)" in done.stdout and "marts.outcome_rates_by_council: 5 rows" in done.stdout
    assert (work / "warehouse.duckdb").exists() and (work / "report" / "index.html").exists()
