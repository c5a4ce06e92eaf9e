"""A user's install: the package's sdist built from the repository, a wheel built from that sdist (as pip builds
one from an sdist on PyPI), installed into a fresh virtual environment (not editable), runs `lgo-pipeline run`:
the SQL project, and everything else a run reads, ships in both."""

import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

from lgo_pipeline_tests.conftest import REPO, SAMPLE_DIR, SMALL_REGISTER


def _sdist(sources: Path, into: Path) -> Path:
    """The sdist, built by the build backend's own hook from a copy of the repository's files (links not
    followed: a link would not survive a checkout without them), so that building leaves nothing behind."""
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, sources / name)
    for name in ("lgo_pipeline", "dbt_like_sql"):
        shutil.copytree(REPO / name, sources / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-c", f"from hatchling.build import build_sdist; build_sdist({str(into)!r})"],
                   cwd=sources, check=True, capture_output=True, timeout=300)
    (sdist,) = into.glob("lgo_pipeline-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    assert any(name.endswith("/dbt_like_sql/core/fct_decision.sql") for name in names)
    assert not any("/.venv/" in name or "__pycache__" in name for name in names)
    return sdist


def test_the_sdist_builds_a_wheel_that_runs_the_pipeline_in_a_fresh_venv(tmp_path: Path) -> None:
    wheels, venv, sources = tmp_path / "wheels", tmp_path / "venv", tmp_path / "sources"
    sources.mkdir()
    sdist = _sdist(sources, tmp_path / "dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(wheels), str(sdist)], check=True, capture_output=True, timeout=300)
    (wheel,) = wheels.glob("lgo_pipeline-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert "lgo_pipeline/dbt_like_sql/marts/national_uphold_rates.sql" in archive.namelist()
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
