"""Shared by the intake read-back scripts: running vanban, the sample paths, comparisons."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what, file=sys.stderr)


def finish(name):
    if FAILURES:
        print(f"{name}: {len(FAILURES)} kiểm tra không đạt", file=sys.stderr)
        sys.exit(1)
    print(f"{name}: mọi kiểm tra đạt")


class Vanban:
    def __init__(self, exe, samples):
        self.exe = exe
        self.samples = samples
        self.org = os.path.join(samples, "org.json")

    def run(self, *args):
        p = subprocess.run([self.exe, *args], capture_output=True, text=True)
        return p.returncode, p.stdout, p.stderr

    def form(self, out, period="2024-Q3", *extra):
        return self.run("data", "form", "--org", self.org, "--targets", self.samples,
                        "--period", period, "-o", out, *extra)

    def import_(self, files, out, period="2024-Q3", *extra):
        return self.run("data", "import", *files, "--org", self.org, "--targets", self.samples,
                        "--period", period, "-o", out, *extra)


def load_data(path):
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    d.pop("$schema", None)
    return d


def soffice_convert(files, outdir):
    """Converts all files to xlsx with LibreOffice in one call, with a private profile."""
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    try:
        p = subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", outdir, *files],
            capture_output=True, text=True, timeout=240)
        if p.returncode != 0:
            raise RuntimeError("soffice: " + p.stderr)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
