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
    "công văn without Kính gửi": lambda d: d.update(type="cong-van", kinh_gui=[]),
    "công văn with no kinh_gui at all": lambda d: (d.update(type="cong-van"), d.pop("kinh_gui")),
    "a number with the year alone as date": lambda d: d.update(number=5, date="2024"),
    "a field over 20,000 characters": lambda d: d.update(body=[{"p": "a" * 20001}]),
}
valid = {
    "a draft with the year alone": lambda d: (d.pop("number", None), d.update(date="2024")),
    "a thông báo without Kính gửi": lambda d: d.update(type="thong-bao", kinh_gui=[]),
}
for label, maker in valid.items():
    d = copy.deepcopy(base)
    maker(d)
    for e in v.iter_errors(d):
        failures += 1
        print(f"FAIL: schema refuses {label}: {e.message}")
for label, breaker in broken.items():
    d = copy.deepcopy(base)
    breaker(d)
    if v.is_valid(d):
        failures += 1
        print(f"FAIL: schema accepts a letter with {label}")

# org.json: box 2 names are a string or the agency's own lines
org_schema = json.load(open(os.path.join(root, "schemas", "org.schema.json"), encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(org_schema)
ov = jsonschema.Draft202012Validator(org_schema)
org = json.load(open(os.path.join(root, "samples", "dong-nai", "org.json"), encoding="utf-8"))
for e in ov.iter_errors(org):
    failures += 1
    print(f"FAIL: samples/dong-nai/org.json: {e.message}")
if not any(isinstance(a["header"]["issuer"], list) for a in org["agencies"]) or \
        not any(isinstance(a["header"]["issuer"], str) for a in org["agencies"]):
    failures += 1
    print("FAIL: the sample org.json has agency names both as lines and as strings")
for label, issuer in [("an empty list of lines", []), ("an empty line", ["ỦY BAN", ""]),
                      ("a number", 5)]:
    o = copy.deepcopy(org)
    o["agencies"][0]["header"]["issuer"] = issuer
    if ov.is_valid(o):
        failures += 1
        print(f"FAIL: org schema accepts an issuer with {label}")

src = open(os.path.join(root, "src", "vn", "doc_types.cpp"), encoding="utf-8").read()
known = re.findall(r'\{"([a-z-]+)", "[^"]+", "[^"]*", "[^"]*"\}', src)
if not known or sorted(known) != sorted(schema["properties"]["type"]["enum"]):
    failures += 1
    print("FAIL: the schema's type list differs from src/vn/doc_types.cpp")
print(f"{failures} failure(s)")
sys.exit(1 if failures else 0)
