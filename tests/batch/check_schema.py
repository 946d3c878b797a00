#!/usr/bin/python3
"""schemas/job.schema.json is a valid draft 2020-12 schema, accepts the sample and test jobs and
rejects broken copies (a schema that accepts anything fails this test)."""
import copy
import glob
import json
import os
import sys

try:
    import jsonschema
except ImportError:  # Debian package python3-jsonschema; ctest reports the test as skipped
    print("python3-jsonschema is not installed")
    sys.exit(77)

root = sys.argv[1]
schema = json.load(open(os.path.join(root, "schemas", "job.schema.json"), encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
failures = 0
jobs = sorted(glob.glob(os.path.join(root, "samples", "jobs", "*.json")) +
              glob.glob(os.path.join(root, "tests", "batch", "jobs", "*.json")))
if len(jobs) < 2:
    print("FAIL: no sample jobs found")
    failures += 1
for path in jobs:
    for e in v.iter_errors(json.load(open(path, encoding="utf-8"))):
        failures += 1
        print(f"FAIL: {path}: {e.message}")

base = json.load(open(jobs[0], encoding="utf-8"))


def broken(change):
    j = copy.deepcopy(base)
    change(j)
    return j


cases = {
    "unknown key": broken(lambda j: j.update(colour="red")),
    "bad period": broken(lambda j: j["periods"].append({"period": "2024-Q5", "date": "2024-01-01"})),
    "missing date": broken(lambda j: j["periods"][0].pop("date")),
    "letters without signer": broken(lambda j: j["result_letters"].pop("signer")),
    "id with slash": broken(lambda j: j.update(id="a/b")),
    "no periods": broken(lambda j: j.update(periods=[])),
    "ky_so with the password": broken(lambda j: j.update(
        ky_so={"key": "k.p12", "secret_env": "PW", "password": "123"})),
    "ky_so without secret_env": broken(lambda j: j.update(ky_so={"key": "k.p12"})),
    "ky_so lower-case variable": broken(lambda j: j.update(
        ky_so={"key": "k.p12", "secret_env": "pw"})),
}
signed = broken(lambda j: j.update(ky_so={
    "key": "pkcs11:token=So%20Noi%20vu;object=agency", "secret_env": "VANBAN_PIN",
    "seal": "con-dau.png", "documents": ["result_letters", "notice"]}))
for e in v.iter_errors(signed):
    failures += 1
    print(f"FAIL: a job with ky_so: {e.message}")
for name, doc in cases.items():
    if v.is_valid(doc):
        failures += 1
        print(f"FAIL: the schema accepts a job with {name}")
print("ok" if not failures else f"{failures} failure(s)")
sys.exit(1 if failures else 0)
