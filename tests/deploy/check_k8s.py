"""The Kubernetes deployment (deploy/), checked without a cluster.

    check_k8s.py CASE VANBAN SOURCE_DIR WORK_DIR [PG_URL_FILE]

CASE:
  manifests  parse every manifest (PyYAML) and check what a run depends on: an Indexed Job whose
             VANBAN_SHARD_COUNT equals its completions, `--shard auto`, a per-index output folder,
             the register URL from the Secret, volumes that exist; the Containerfile's runtime stage
             is debian:12-slim with `setup.sh --runtime` and no compiler.
  runtime    every shared library `ldd vanban` names belongs to a package that
             `setup.sh --print-runtime` lists, or to one of their dependencies (apt-cache).
  shards     plays the Indexed Job here: the container's own args from batch-shards.yaml, run as N
             processes with JOB_COMPLETION_INDEX = 0 … N-1 against a throw-away PostgreSQL register;
             one pod is killed (SIGKILL) mid-run and "retried"; then the register-book Job's own
             command. The union of the shard folders must be byte-identical to one unsharded run
             with a SQLite register, and the shared register must list the same numbers.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
import batch_outputs  # noqa: E402

CASE, VANBAN, SRC, WORK = sys.argv[1:5]
PG_URL_FILE = sys.argv[5] if len(sys.argv) > 5 else None
K8S = os.path.join(SRC, "deploy/k8s")
JOB = os.path.join(SRC, "tests/batch/jobs/small.json")
ORG = os.path.join(SRC, "samples/dong-nai/org.json")
FAILS = []


def check(cond, msg):
    if not cond:
        FAILS.append(msg)
        print("FAIL:", msg, file=sys.stderr)


def manifests():
    docs = {}
    for name in sorted(os.listdir(K8S)):
        if name.endswith(".yaml"):
            with open(os.path.join(K8S, name), encoding="utf-8") as f:
                for d in yaml.safe_load_all(f):
                    if d:
                        docs[(d["kind"], d["metadata"]["name"])] = d
    return docs


def container(job):
    (c,) = job["spec"]["template"]["spec"]["containers"]
    return c


def env_of(c):
    return {e["name"]: e for e in c.get("env", [])}


def case_manifests():
    docs = manifests()
    shards = docs.get(("Job", "vanban-batch"))
    book = docs.get(("Job", "vanban-register-book"))
    secret = docs.get(("Secret", "vanban-registry"))
    pvc = docs.get(("PersistentVolumeClaim", "vanban-work"))
    check(all(d is not None for d in (shards, book, secret, pvc)), f"manifests present: {sorted(docs)}")
    spec = shards["spec"]
    check(spec.get("completionMode") == "Indexed", "the shard Job is an Indexed Job")
    check(isinstance(spec.get("completions"), int) and spec["completions"] >= 1, "completions is set")
    check(1 <= spec.get("parallelism", 0) <= spec["completions"], "parallelism within completions")
    check(spec.get("backoffLimit", 0) >= spec["completions"], "a failed shard is retried (backoffLimit)")
    for job in (shards, book):
        pod = job["spec"]["template"]["spec"]
        check(pod.get("restartPolicy") == "Never", f"{job['metadata']['name']}: restartPolicy Never")
        c = container(job)
        env = env_of(c)
        ref = env.get("VANBAN_REGISTRY", {}).get("valueFrom", {}).get("secretKeyRef", {})
        check(ref.get("name") == "vanban-registry" and ref.get("key") in secret["stringData"],
              f"{job['metadata']['name']}: VANBAN_REGISTRY comes from the Secret")
        check(not any("postgresql://" in str(a) for a in c.get("args", [])),
              f"{job['metadata']['name']}: no register URL (password) on the command line")
        claims = {v["persistentVolumeClaim"]["claimName"] for v in pod["volumes"] if "persistentVolumeClaim" in v}
        check(claims == {"vanban-work"}, f"{job['metadata']['name']}: mounts the claim of storage.yaml")
        check(c["image"] == container(shards)["image"], "both Jobs run the same image")
    c = container(shards)
    args = c["args"]
    check(args[:1] == ["batch"] and "--shard" in args and args[args.index("--shard") + 1] == "auto",
          f"the shard Job runs `vanban batch … --shard auto`: {args}")
    out = args[args.index("-o") + 1]
    check("$(JOB_COMPLETION_INDEX)" in out, f"each index writes its own folder: {out}")
    check(env_of(c).get("VANBAN_SHARD_COUNT", {}).get("value") == str(spec["completions"]),
          "VANBAN_SHARD_COUNT equals completions")
    with open(os.path.join(SRC, "deploy/Containerfile"), encoding="utf-8") as f:
        lines = [l.strip() for l in f if l.strip() and not l.lstrip().startswith("#")]
    froms = [i for i, l in enumerate(lines) if l.startswith("FROM ")]
    check(len(froms) == 2 and lines[froms[-1]] == "FROM debian:12-slim", "runtime stage is debian:12-slim")
    runtime = "\n".join(lines[froms[-1]:])
    check("setup.sh --runtime" in runtime, "runtime stage installs setup.sh --runtime")
    for tool in ("build-essential", "cmake", "g++", "clang", "-dev"):
        check(tool not in runtime, f"no {tool} in the runtime stage")
    r = subprocess.run(["sh", os.path.join(SRC, "scripts/setup.sh"), "--print-runtime"],
                       capture_output=True, text=True)
    for p in r.stdout.split():
        check(not p.endswith("-dev"), f"runtime package {p} is not a -dev package")
    r = subprocess.run(["bash", "-n", os.path.join(SRC, "deploy/launch.sh")], capture_output=True, text=True)
    check(r.returncode == 0, f"deploy/launch.sh parses: {r.stderr}")


def case_runtime():
    r = subprocess.run(["sh", os.path.join(SRC, "scripts/setup.sh"), "--print-runtime"],
                       capture_output=True, text=True, check=True)
    wanted = r.stdout.split()
    deps = subprocess.run(["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests",
                           "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances", *wanted],
                          capture_output=True, text=True)
    closure = set(wanted) | {l.strip().split(":")[-1].strip().strip("<>") for l in deps.stdout.splitlines()}
    closure = {p.split(":")[0] for p in closure}
    ldd = subprocess.run(["ldd", VANBAN], capture_output=True, text=True, check=True).stdout
    # A sanitizer build (CI runs the suite under ASan + UBSan) also links the sanitizer runtimes,
    # which no image ships.
    libs = [m.group(1) for m in re.finditer(r"=> (/\S+)", ldd)
            if not re.search(r"/lib(asan|ubsan|lsan|tsan)\.so", m.group(1))]
    check(libs, "ldd names libraries")
    for lib in libs:
        owner = None
        for path in (lib, os.path.realpath(lib), lib.replace("/lib/", "/usr/lib/", 1)):
            q = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True)
            if q.returncode == 0:
                owner = q.stdout.split(":")[0]
                break
        check(owner is not None, f"{lib} belongs to a Debian package")
        if owner:
            check(owner in closure, f"{lib} ({owner}) is installed by setup.sh --runtime")


def files_of(out):
    return batch_outputs.files_of(out, register_prefix="so-van-ban-di", skip_hidden=True)


def register_tsv(reg, agency, year):
    tsv, error = batch_outputs.register_tsv(VANBAN, reg, agency, year)
    check(error is None, error)
    return tsv


def case_shards():
    with open(PG_URL_FILE) as f:
        url = f.read().strip() + "/postgres"
    n = 3
    docs = manifests()
    shard_job, book_job = docs[("Job", "vanban-batch")], docs[("Job", "vanban-register-book")]
    c = container(shard_job)

    def pod_args(index):
        # What the kubelet runs: the image's ENTRYPOINT (vanban) with the Job's args, $(VAR)
        # expanded from the pod's environment; the volume's /work is this test's folder.
        out = []
        for a in c["args"]:
            a = a.replace("$(JOB_COMPLETION_INDEX)", str(index))
            a = a.replace("/work/input/job.json", JOB).replace("/work/output", os.path.join(WORK, "output"))
            out.append(a)
        return [VANBAN, *out]

    def pod_env(index):
        env = dict(os.environ)
        env.update({"JOB_COMPLETION_INDEX": str(index), "VANBAN_SHARD_COUNT": str(n), "VANBAN_REGISTRY": url})
        return env

    ref = os.path.join(WORK, "ref")
    r = subprocess.run([VANBAN, "batch", JOB, "-o", ref, "--jobs", "2"], capture_output=True, text=True)
    check(r.returncode == 0, f"unsharded run: {r.stderr}")
    want = files_of(ref)

    victim = 1
    pods = {i: subprocess.Popen(pod_args(i), env=pod_env(i), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True) for i in range(n)}
    # Kill the victim pod once it has written something (or at once if it is already done).
    victim_dir = os.path.join(WORK, "output", f"shard-{victim}")
    deadline = time.time() + 60
    while time.time() < deadline and pods[victim].poll() is None:
        if os.path.isdir(victim_dir) and any(f.endswith(".pdf") for _, _, fs in os.walk(victim_dir) for f in fs):
            break
        time.sleep(0.02)
    killed = pods[victim].poll() is None
    if killed:
        pods[victim].send_signal(signal.SIGKILL)
    for i, p in pods.items():
        so, se = p.communicate()
        if i != victim or not killed:
            check(p.returncode == 0, f"pod {i} exit {p.returncode}: {se}")
    print(f"pod {victim} {'killed mid-run' if killed else 'finished before the kill'}", file=sys.stderr)
    # Kubernetes retries the failed index (backoffLimit): the same command again.
    r = subprocess.run(pod_args(victim), env=pod_env(victim), capture_output=True, text=True)
    check(r.returncode == 0, f"retried pod {victim}: {r.stderr}")

    shards = [files_of(os.path.join(WORK, "output", f"shard-{i}")) for i in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            check(not set(shards[i]) & set(shards[j]), f"shards {i} and {j} made different documents")
    union = {k: v for s in shards for k, v in s.items()}
    check(union == want, f"the shards' union equals one run, byte for byte: "
                         f"{sorted(set(union) ^ set(want))} {[p for p in union if p in want and union[p] != want[p]]}")
    for ag in ("SNV", "UBND"):
        check(register_tsv(url, ag, 2024) == register_tsv(os.path.join(ref, "so-van-ban-di.db"), ag, 2024),
              f"the shared register {ag} equals the unsharded one")

    # The final Job: its own shell command, with its environment and the test's folders.
    bc = container(book_job)
    script = bc["args"][0].replace("/work/output", os.path.join(WORK, "output"))
    script = script.replace("/work/input/org.json", ORG)
    env = dict(os.environ)
    env.update({e["name"]: e["value"] for e in bc["env"] if "value" in e})
    env["VANBAN_REGISTRY"] = url
    env["PATH"] = os.path.dirname(VANBAN) + os.pathsep + env["PATH"]
    r = subprocess.run([*bc["command"], script], env=env, capture_output=True, text=True)
    check(r.returncode == 0, f"register-book Job: {r.stdout} {r.stderr}")
    for ag in env["VANBAN_BOOK_AGENCIES"].split():
        for fmt in ("xlsx", "pdf"):
            p = os.path.join(WORK, "output", "so-van-ban-di", f"{ag}-{env['VANBAN_BOOK_YEAR']}.{fmt}")
            check(os.path.getsize(p) > 0 if os.path.exists(p) else False, f"register book {p} written")
        got = subprocess.run(["pdftotext", "-layout", os.path.join(WORK, "output", "so-van-ban-di",
                                                                    f"{ag}-{env['VANBAN_BOOK_YEAR']}.pdf"), "-"],
                             capture_output=True, text=True).stdout
        for line in register_tsv(url, ag, 2024).splitlines()[1:]:
            number = line.split("\t")[0]
            check(number in got, f"the {ag} book lists {number}")


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
{"manifests": case_manifests, "runtime": case_runtime, "shards": case_shards}[CASE]()
if FAILS:
    print(f"{len(FAILS)} check(s) failed", file=sys.stderr)
    sys.exit(1)
print("ok")
