#!/usr/bin/python3
"""The JSON Schemas in schemas/ are valid draft 2020-12 schemas, accept every sample file, and
reject broken copies (so that a schema which accepts anything fails this test)."""
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
schemas = {name: json.load(open(os.path.join(root, "schemas", name + ".schema.json"), encoding="utf-8"))
           for name in ("org", "targets", "indicator-data")}
for s in schemas.values():
    jsonschema.Draft202012Validator.check_schema(s)
samples = os.path.join(root, "samples", "dong-nai")
cases = [("org", os.path.join(samples, "org.json"))]
cases += [("targets", p) for p in sorted(glob.glob(os.path.join(samples, "chi-tieu-*.json")))]
cases += [("indicator-data", p) for p in sorted(glob.glob(os.path.join(samples, "du-lieu-*.json")))]
failures = 0
for kind, path in cases:
    doc = json.load(open(path, encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(schemas[kind]).iter_errors(doc))
    if errors:
        failures += 1
        print(f"{path}: {errors[0].message}")


def must_reject(kind, doc, what):
    global failures
    if jsonschema.Draft202012Validator(schemas[kind]).is_valid(doc):
        failures += 1
        print(f"schema {kind} accepted: {what}")


org = json.load(open(os.path.join(samples, "org.json"), encoding="utf-8"))
bad = copy.deepcopy(org); bad["units"][-1].pop("district"); must_reject("org", bad, "commune without district")
bad = copy.deepcopy(org); bad["units"][0]["level"] = "tinh"; must_reject("org", bad, "unknown level")
bad = copy.deepcopy(org); bad["agencies"][3]["signers"][0]["authority"] = "K."; must_reject("org", bad, "authority K.")
data = json.load(open(os.path.join(samples, "du-lieu-2024-Q2.json"), encoding="utf-8"))
for value, what in ((-3, "negative"), (1.5, "fractional"), ("3", "string")):
    bad = copy.deepcopy(data); bad["units"][0]["counts"]["on_time"]["numerator"] = value
    must_reject("indicator-data", bad, what + " count")
bad = copy.deepcopy(data); bad["period"] = "2024-6T"; must_reject("indicator-data", bad, "period 6T")
t = json.load(open(os.path.join(samples, "chi-tieu-2024.json"), encoding="utf-8"))
bad = copy.deepcopy(t); bad["indicators"][0]["targets"]["tinh"] = 5; must_reject("targets", bad, "level tinh")
bad = copy.deepcopy(t); bad["indicators"][0]["max_points"] = 0; must_reject("targets", bad, "zero maximum")
print(f"{len(cases)} sample files checked, {failures} failures")
sys.exit(1 if failures else 0)
