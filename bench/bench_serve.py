#!/usr/bin/env python3
"""kib serve under load (a benchmark, not a test): jobs per second and peak memory with 1, 4 and
16 uploads at the same time, each a CX scan survey export (samples/cx_scan_2026.xlsx).

Usage: bench/bench_serve.py build/kib [--seconds S] [--jobs N]

Peak memory is sampled every 20 ms: the service itself (its VmHWM) and the service together with
its `kib _job` children (the largest sum of their resident sizes seen)."""
import argparse
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "serve"))
from kibserve import Server  # noqa: E402


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def hwm_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def children(pid):
    """The child processes of every thread of `pid` (jobs are started from connection threads)."""
    out = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for t in tasks:
        try:
            with open(f"/proc/{pid}/task/{t}/children") as f:
                out += [int(p) for p in f.read().split()]
        except OSError:
            pass
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kib")
    ap.add_argument("--seconds", type=float, default=10.0, help="how long each level runs")
    ap.add_argument("--jobs", type=int, default=0, help="kib serve --jobs (default: one per core)")
    a = ap.parse_args()
    survey = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples", "cx_scan_2026.xlsx")
    size = os.path.getsize(survey)
    extra = ["--queue", "64"] + (["--jobs", str(a.jobs)] if a.jobs else [])
    print(f"kib serve, {os.cpu_count()} cores, upload {survey} ({size / 1024:.0f} kB), {a.seconds:.0f} s per level")
    print(f"{'parallel':>8} {'jobs':>6} {'jobs/s':>8} {'p50 s':>7} {'p95 s':>7} {'serve peak MB':>14} {'with jobs MB':>13}")
    for parallel in (1, 4, 16):
        srv = Server(a.kib, *extra)
        try:
            stop = time.time() + a.seconds
            times, errors = [], []
            lock = threading.Lock()
            peak_total = [0]
            sampling = [True]

            def sample():
                while sampling[0]:
                    total = rss_kb(srv.proc.pid) + sum(rss_kb(c) for c in children(srv.proc.pid))
                    peak_total[0] = max(peak_total[0], total)
                    time.sleep(0.02)

            def worker():
                while time.time() < stop:
                    t0 = time.time()
                    status, _, doc = srv.upload(survey)
                    with lock:
                        if status == 200:
                            times.append(time.time() - t0)
                        else:
                            errors.append(status)

            sampler = threading.Thread(target=sample)
            sampler.start()
            started = time.time()
            threads = [threading.Thread(target=worker) for _ in range(parallel)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.time() - started
            sampling[0] = False
            sampler.join()
            times.sort()
            p50 = times[len(times) // 2] if times else float("nan")
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))] if times else float("nan")
            print(f"{parallel:>8} {len(times):>6} {len(times) / elapsed:>8.2f} {p50:>7.2f} {p95:>7.2f} "
                  f"{hwm_kb(srv.proc.pid) / 1024:>14.1f} {peak_total[0] / 1024:>13.1f}"
                  + (f"  ({len(errors)} refused: {sorted(set(errors))})" if errors else ""))
        finally:
            srv.stop()


if __name__ == "__main__":
    main()
