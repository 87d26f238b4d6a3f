"""`python -m bench.measured OUT module args…`: run a module as `python -m` would, then write
its peak RSS in MB to OUT (a bot process's own memory, apart from the benchmark's)."""

from __future__ import annotations

import atexit
import runpy
import sys
from pathlib import Path


def _write_peak(out: Path) -> None:
    """VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec."""
    status = Path("/proc/self/status").read_text()
    line = next(x for x in status.splitlines() if x.startswith("VmHWM:"))
    out.write_text(str(int(line.split()[1]) / 1024))


if __name__ == "__main__":
    out, module, *arguments = sys.argv[1:]
    atexit.register(_write_peak, Path(out))
    sys.argv = [module, *arguments]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
