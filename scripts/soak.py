#!/usr/bin/env python3
"""Soak test of the output contract (Docs/CLI.md, "The output folder"); not part of `swift test`.

Runs `scenario run` into one output folder again and again for a given time, killing runs at
random moments with SIGKILL, SIGINT or SIGTERM (or letting them finish), and after every run
checks the contract from the files alone:

  - the folder holds exactly one set: `scenario verify` passes (every file its manifest lists,
    with its size and SHA-256), and no other output-named file is there;
  - the foreign file, folder and .git folder are unchanged (a folder may sit in the leftover
    staging folder right after a SIGKILL; the next finished run must give it back);
  - a run that ended by itself (exit 0, 130 or 143) leaves no staging folder beside the output
    folder, and an interrupted one (130, 143) left the previous set in place.

Usage: scripts/soak.py [--minutes 30] [--binary .build/release/scenario] [--seed 1]
Prints the counts and exits 1 at the first violation (keeping the folder for inspection).
"""

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SCENARIO = """scenario soak
seed 1
table users [20000] {
  key user_id
  user_id = "U" ++ pad(row + 1, 6)
  score = uniform_int(1, 100)
}
table orders [poisson(3) per u in users] {
  user = u
  amount: float(2) = uniform(1, 50)
}
table events [30000] into log {
  kind = "event"
  at = row
}
table notes [each e in events where e.at % 3 == 0] into log {
  kind = "note"
  at = e.at
}
"""
OUTPUTS = {"users.csv", "orders.csv", "log.csv"}
FOREIGN = {"notes.txt": b"mine\n", "keep/deep/f.txt": b"kept\n", ".git/HEAD": b"ref\n"}


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class Soak:
    def __init__(self, binary, workdir):
        self.binary = binary
        self.work = workdir
        self.out = os.path.join(workdir, "out")
        self.file = os.path.join(workdir, "s.scenario")
        with open(self.file, "w") as f:
            f.write(SCENARIO)
        self.counts = {"runs": 0, "finished": 0, "KILL": 0, "INT": 0, "TERM": 0, "checks": 0,
                       "signal after the switch": 0}

    def run(self, seed, sig=None, delay=0.0):
        args = [self.binary, "run", self.file, "--out", self.out, "--quiet", "--expectations", "off",
                "--seed", str(seed)]
        p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if sig is not None:
            time.sleep(delay)
            try:
                p.send_signal(sig)
            except ProcessLookupError:
                pass
        _, err = p.communicate()
        self.counts["runs"] += 1
        self.pid = p.pid
        return p.returncode, err.decode(errors="replace")

    def litter(self):
        return [e for e in os.listdir(self.work) if e.startswith(".out.scenario-staging-")]

    def manifest(self):
        with open(os.path.join(self.out, "scenario-manifest.json")) as f:
            return json.load(f)

    def check_set(self, where):
        """Exactly one set: the manifest's files, with their digests, and no other output file."""
        m = self.manifest()
        if not m.get("complete"):
            return f"{where}: the manifest is not complete"
        listed = {f["name"]: f for f in m["files"]}
        for name, f in listed.items():
            path = os.path.join(self.out, name)
            if not os.path.isfile(path):
                return f"{where}: {name} is missing"
            if os.path.getsize(path) != f["bytes"] or digest(path) != f["sha256"]:
                return f"{where}: {name} does not match the manifest (a mix of sets)"
        stray = {e for e in os.listdir(self.out) if e in OUTPUTS} - set(listed) - set(m.get("kept", []))
        if stray:
            return f"{where}: output files outside the manifest: {sorted(stray)}"
        return None

    def check_foreign(self, where, allow_displaced):
        for rel, content in FOREIGN.items():
            path = os.path.join(self.out, rel)
            if os.path.exists(path):
                with open(path, "rb") as f:
                    if f.read() != content:
                        return f"{where}: {rel} changed"
                continue
            if rel == "notes.txt" or not allow_displaced:
                return f"{where}: {rel} is missing"
            held = any(os.path.exists(os.path.join(self.work, l, rel)) for l in self.litter())
            if not held:
                return f"{where}: {rel} is lost"
        return None

    def soak(self, minutes, rng):
        rc, err = self.run(0)
        if rc != 0:
            return f"the first run failed: {rc} {err}"
        for rel, content in FOREIGN.items():
            os.makedirs(os.path.dirname(os.path.join(self.out, rel)), exist_ok=True)
            with open(os.path.join(self.out, rel), "wb") as f:
                f.write(content)
        # How long an undisturbed run takes, to spread the kills over it.
        start = time.time()
        self.run(1)
        span = max(0.05, time.time() - start)
        deadline = time.time() + minutes * 60
        seed = 2
        while time.time() < deadline:
            seed += 1
            before = self.manifest()["run"]
            choice = rng.choice(["none", "KILL", "KILL", "INT", "TERM"])
            sig = {"none": None, "KILL": signal.SIGKILL, "INT": signal.SIGINT, "TERM": signal.SIGTERM}[choice]
            rc, err = self.run(seed, sig, rng.uniform(0, span * 1.2))
            where = f"run {self.counts['runs']} (seed {seed}, {choice}, exit {rc})"
            self.counts["checks"] += 1
            if rc == 0:
                self.counts["finished"] += 1
                if choice in ("INT", "TERM"):
                    self.counts["signal after the switch"] += 1
            elif rc == -signal.SIGKILL:
                self.counts["KILL"] += 1
            elif rc in (-signal.SIGINT, -signal.SIGTERM):
                # The signal came before the process installed its handlers (its first
                # milliseconds): nothing can have been written.
                self.counts["signal before the handlers"] = self.counts.get("signal before the handlers", 0) + 1
                if self.manifest()["run"] != before:
                    return f"{where}: a run killed at its start changed the set"
            elif rc in (130, 143):
                self.counts["INT" if rc == 130 else "TERM"] += 1
                if self.manifest()["run"] != before:
                    return f"{where}: an interrupted run changed the set"
            else:
                return f"{where}: unexpected exit {rc}: {err}"
            # A run that ended by itself went through its transaction: it removed what earlier
            # killed runs left, and gave back the folders they had moved.
            ended = rc in (0, 130, 143)
            problem = self.check_set(where) or self.check_foreign(where, allow_displaced=rc != 0)
            if problem:
                return problem
            # A finished run removed every leftover; an interrupted one its own staging folder
            # (it may have stopped before it began to clean the others).
            own = [l for l in self.litter() if l.endswith(f"-{self.pid}")]
            if (rc == 0 and self.litter()) or (ended and own):
                return f"{where}: left {self.litter()}"
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--binary", default=".build/release/scenario")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    work = tempfile.mkdtemp(prefix="scenario-soak-")
    soak = Soak(binary, work)
    problem = soak.soak(args.minutes, random.Random(args.seed))
    print("soak:", ", ".join(f"{k} {v}" for k, v in soak.counts.items()))
    if problem:
        print(f"VIOLATION: {problem}\n(folder kept: {work})")
        return 1
    shutil.rmtree(work, ignore_errors=True)
    print(f"soak: no violation in {args.minutes:g} minutes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
