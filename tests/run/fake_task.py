"""A stand-in task process for runner tests: records when and where it ran, then writes outputs.

``python fake_task.py RECORD_DIR NAME SLEEP EXIT_CODE FAIL_TIMES WRITE_OUTPUTS OUTPUT...``: it exits
``EXIT_CODE`` (or 7 for its first ``FAIL_TIMES`` runs, counted in RECORD_DIR) and writes the outputs
only when it succeeds and WRITE_OUTPUTS is 1.
"""

import json
import os
import sys
import time
from pathlib import Path


def main() -> int:
    record_dir, name, sleep, exit_code, fail_times, write_outputs, *outputs = sys.argv[1:]
    start = time.time()
    print(f"fake task {name} running with CUDA_VISIBLE_DEVICES={os.environ.get('CUDA_VISIBLE_DEVICES')!r}")
    time.sleep(float(sleep))
    runs = len(list(Path(record_dir).glob(f"{name}.*.json")))
    rc = 7 if runs < int(fail_times) else int(exit_code)
    if rc == 0 and write_outputs == "1":
        for out in outputs:
            Path(out).parent.mkdir(parents=True, exist_ok=True)
            Path(out).write_text("{}\n")
    record = {"name": name, "cvd": os.environ.get("CUDA_VISIBLE_DEVICES"), "start": start, "end": time.time(),
              "rc": rc, "slurm_job": os.environ.get("SLURM_JOB_ID")}
    Path(record_dir, f"{name}.{runs}.{os.getpid()}.json").write_text(json.dumps(record))
    print(f"fake task {name} exits {rc}", file=sys.stderr)
    return rc


if __name__ == "__main__":
    sys.exit(main())
