#!/usr/bin/env python3
"""Times short commands by running them in turn, so that a machine whose speed drifts
within minutes slows them all alike; prints each one's median and quartiles.

Each command runs through Python's subprocess with its output captured, as
caucus_bench.py runs `caucus show` and the sqlite3 shell. A command that fails stops it.

    Tools/bench/interleaved.py --runs 150 \\
        "caucus --db big.caucus show pf-6641" \\
        "sqlite3 facts.sqlite \\"SELECT field, value FROM fact WHERE party = 'pf-6641'\\""
"""
import argparse
import shlex
import statistics
import subprocess
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=150, help="runs of each command (default 150)")
    parser.add_argument("commands", nargs="+", help="each a shell-quoted command line")
    args = parser.parse_args()
    commands = [shlex.split(c) for c in args.commands]
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(args.runs):
        for command, spent in zip(commands, times):
            start = time.perf_counter()
            result = subprocess.run(command, capture_output=True)
            spent.append(time.perf_counter() - start)
            if result.returncode != 0:
                raise SystemExit(f"{shlex.join(command)} exited {result.returncode}: {result.stderr.decode(errors='replace')[:300]}")
    for command, spent in zip(commands, times):
        q1, median, q3 = statistics.quantiles(spent, n=4)
        print(f"{median * 1000:8.2f} ms median  ({q1 * 1000:.2f}-{q3 * 1000:.2f})  {shlex.join(command)}")


if __name__ == "__main__":
    main()
