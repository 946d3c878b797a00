"""The small year job the batch signing checks run (tests/batch/jobs/small.json cut to one
period, two units and the thông báo: three letters), with a ky_so section of the caller's."""
import glob
import json
import os

from pki import SRC, VANBAN, run


def small_job(d, name, ky_so):
    """Writes the job to d/NAME.json (no ky_so when it is None) and returns its path."""
    with open(f"{SRC}/tests/batch/jobs/small.json", encoding="utf-8") as f:
        job = json.load(f)
    base_dir = f"{SRC}/tests/batch/jobs"
    job["org"] = os.path.normpath(os.path.join(base_dir, job["org"]))
    for k in ("targets", "data"):
        job[k] = [os.path.normpath(os.path.join(base_dir, p)) for p in job[k]]
    job["periods"] = job["periods"][:1]
    job["result_letters"]["periods"] = ["2024-Q1"]
    job["result_letters"]["units"] = ["syt", "tan-phu"]
    job.update({"rankings": False, "scorecards": False, "register": False})
    if ky_so is not None:
        job["ky_so"] = ky_so
    path = f"{d}/{name}.json"
    with open(path, "w", encoding="utf-8") as f:
        json.dump(job, f, ensure_ascii=False)
    return path


def batch(job, out, env):
    return run([VANBAN, "batch", job, "-o", out, "--jobs", "2"], env=env)


def pdfs(out):
    return sorted(glob.glob(f"{out}/**/*.pdf", recursive=True))
