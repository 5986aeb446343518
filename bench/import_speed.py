"""Import speed and memory: ``python -m bot import approved`` vs ``sqlite3 .import`` + index, same file.

    python bench/import_speed.py --rows 1000000

Prints both times, the ratio (target ≤ 2×), rows per second and the import's peak memory (target
≤ 300 MB).  ``--csv FILE`` reuses a file generated before (``--keep FILE`` keeps the generated one)
instead of spending half a minute generating it again.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.lists.samples import write_approved_csv  # noqa: E402


def ensure_sqlite3() -> str:
    found = shutil.which("sqlite3")
    if found:
        return found
    if os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-q", "sqlite3"], check=False)
    found = shutil.which("sqlite3")
    if not found:
        sys.exit("the sqlite3 shell is needed for the baseline: apt-get install sqlite3")
    return found


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--csv", type=Path, help="an approved list generated before (its row count is --rows)")
    parser.add_argument("--keep", type=Path, help="keep the generated list here")
    args = parser.parse_args()
    sqlite3 = ensure_sqlite3()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        csv_path = args.csv or work / "approved.csv"
        if args.csv is None:
            started = time.perf_counter()
            write_approved_csv(csv_path, args.rows, seed=7)
            print(f"generated {args.rows:,} rows ({csv_path.stat().st_size / 1e6:.0f} MB) in "
                  f"{time.perf_counter() - started:.1f} s")
            if args.keep is not None:
                shutil.copyfile(csv_path, args.keep)
        else:
            print(f"{csv_path}: {csv_path.stat().st_size / 1e6:.0f} MB")

        cpu0 = _children_cpu()
        started = time.perf_counter()
        subprocess.run([sqlite3, str(work / "baseline.db"), "-cmd", ".mode csv", f".import {csv_path} t",
                        'CREATE UNIQUE INDEX i ON t("Chính sách", "Số CCCD/CMND");'], check=True)
        baseline = time.perf_counter() - started
        baseline_cpu = _children_cpu() - cpu0
        print(f"sqlite3 .import + unique index: {baseline:.2f} s (CPU {baseline_cpu:.2f} s)")

        env = dict(os.environ, DATABASE_URL=f"sqlite:///{work / 'bot.db'}", DATA_DIR=str(work / "data"))
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bot", "import", "approved", str(csv_path), "--policy",
                        "nq68_unpaid_leave", "--yes"], cwd=ROOT, env=env, check=True, stderr=subprocess.DEVNULL)
        ours = time.perf_counter() - started
        ours_cpu = _children_cpu() - cpu0 - baseline_cpu
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"python -m bot import approved: {ours:.2f} s ({args.rows / ours:,.0f} rows/s; CPU {ours_cpu:.2f} s)")
        print(f"ratio: {ours / baseline:.2f}x the baseline (target <= 2x); in CPU time {ours_cpu / baseline_cpu:.2f}x")
        print(f"peak memory of the import process: {peak_mb:.0f} MB (target <= 300 MB)")


if __name__ == "__main__":
    main()
