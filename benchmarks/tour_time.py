"""How long `microgradkr tour` takes, as a learner waits for it: the first line, each topic, the end.

    python benchmarks/tour_time.py [--jobs N]

Runs the command in a fresh process into a temporary folder and prints, in
seconds from the start: when its first line came, when each topic's line
came, when it ended; and the CPU time it used (all its processes), which
says how much of the wall time a busier machine would add.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time


def measure(jobs=None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, "-u", "-m", "microgradkr", "tour", "--out", os.path.join(folder, "tour")]
        env = dict(os.environ, MPLBACKEND="Agg")
        if jobs is not None:
            env["MICROGRADKR_TOUR_JOBS"] = str(jobs)
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
        for line in process.stdout:
            print(f"{time.perf_counter() - start:6.1f} s  {line.rstrip()}")
        process.wait()
        wall = time.perf_counter() - start
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"wall {wall:.1f} s, CPU {used.ru_utime + used.ru_stime:.1f} s, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, help="demos at once (default: the tour's own choice)")
    measure(parser.parse_args().jobs)
