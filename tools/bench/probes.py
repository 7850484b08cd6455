"""What a measurement process uses: CPU seconds and resident memory (Linux /proc), read in the process itself."""

from __future__ import annotations

import resource


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def max_rss() -> int:
    """ru_maxrss of this process. On Linux it also covers the parent's image up to exec, so the
    orchestrating process stays small (it never loads data) and VmHWM is reported beside it."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB


def proc_status(field: str) -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def current_rss() -> int:
    return proc_status("VmRSS")


def peaks() -> dict:
    return {"peak_rss_bytes": max_rss(), "vm_hwm_bytes": proc_status("VmHWM")}
