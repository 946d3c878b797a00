#!/usr/bin/python3
"""schemas/letter.schema.json is a valid draft 2020-12 schema, accepts every sample letter and
rejects broken copies (a schema that accepts anything fails this test). The type list must be
the one vanban knows (src/vn/doc_types.cpp)."""
import copy
import glob
import json
import os
import re
import sys

try:
    import jsonschema
except ImportError:  # Debian package python3-jsonschema; ctest reports the test as skipped
    print("python3-jsonschema is not installed")
    sys.exit(77)

root = sys.argv[1]
schema = json.load(open(os.path.join(root, "schemas", "letter.schema.json"), encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
failures = 0
samples = sorted(glob.glob(os.path.join(root, "samples", "letters", "*.json")))
for path in samples:
    for e in v.iter_errors(json.load(open(path, encoding="utf-8"))):
        failures += 1
        print(f"FAIL: {path}: {e.message}")

base = json.load(open(samples[0], encoding="utf-8"))
broken = {
    "missing trich_yeu": lambda d: d.pop("trich_yeu"),
    "unknown type": lambda d: d.update(type="cong-thu"),
    "bad urgency": lambda d: d.update(urgency="gap"),
    "bad secrecy": lambda d: d.update(secrecy="MẬT"),
    "unknown field": lambda d: d.update(kinh_goi=[]),
    "empty body": lambda d: d.update(body=[]),
    "control character": lambda d: d.update(trich_yeu="a\tb"),
    "block with two kinds": lambda d: d.update(body=[{"p": "a", "diem": "b"}]),
    "number zero": lambda d: d.update(number=0),
}
for label, breaker in broken.items():
    d = copy.deepcopy(base)
    breaker(d)
    if v.is_valid(d):
        failures += 1
        print(f"FAIL: schema accepts a letter with {label}")

src = open(os.path.join(root, "src", "vn", "doc_types.cpp"), encoding="utf-8").read()
known = re.findall(r'\{"([a-z-]+)", "[^"]+", "[^"]*", "[^"]*"\}', src)
if not known or sorted(known) != sorted(schema["properties"]["type"]["enum"]):
    failures += 1
    print("FAIL: the schema's type list differs from src/vn/doc_types.cpp")
print(f"{failures} failure(s)")
sys.exit(1 if failures else 0)
