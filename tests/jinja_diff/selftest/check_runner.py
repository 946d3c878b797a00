#!/usr/bin/python3
"""Tests run.py itself: a correct stand-in engine passes every case, and each kind of deviation,
as well as each kind of broken case file, makes the runner fail and name the case."""

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
RUNNER = os.path.join(HERE, "..", "run.py")
CASES = os.path.join(HERE, "..", "cases")
FAKE = os.path.join(HERE, "fake_vanban.py")

failures = []


def runner(args, mutation=""):
    env = dict(os.environ, FAKE_VANBAN_MUTATION=mutation)
    return subprocess.run([sys.executable, RUNNER] + args, capture_output=True, text=True, env=env)


def expect(label, p, code, needle=None):
    ok = p.returncode == code and (needle is None or needle in p.stdout)
    if not ok:
        failures.append(f"{label}: mã {p.returncode} (cần {code}), cần thấy {needle!r}:\n"
                        f"{p.stdout}{p.stderr}")


# A correct engine passes cases whose plumbing can go wrong: how errors are located (lexer,
# parser, runtime, in included, parent and --templates templates, in macros, in the data file)
# and which folders templates come from. Rendering cases only compare bytes, and each run of the
# stand-in costs a Python start-up, so a representative set is used rather than every case.
PLUMBING = [
    "errors/syntax_unclosed_comment", "errors/syntax_unclosed_print", "errors/syntax_in_included",
    "errors/undefined_in_included", "errors/undefined_in_base", "errors/undefined_in_child_block",
    "errors/undefined_in_macro_body", "errors/missing_include_in_templates_dir",
    "errors/include_dotdot", "errors/bad_json", "errors/diem_zero",
    "statements/include_search_order", "statements/include_subfolder",
    "inheritance/extends_from_templates_dir", "whitespace/no_trailing_newline",
]
expect("đúng", runner(["--vanban", FAKE] + [os.path.join(CASES, c + ".case") for c in PLUMBING]), 0)

# Each deviation is caught on a case that exercises it.
for mutation, case in [
    ("trailing_space", "expressions/literals_print"),
    ("exit_code", "expressions/literals_print"),
    ("wrong_line", "errors/undefined_in_loop"),
    ("wrong_line", "errors/bad_json"),
    ("stdout_on_error", "errors/undefined_variable"),
    ("no_nfc", "unicode/nfd_data_to_nfc"),
    ("ignore_templates_dirs", "statements/include_search_order"),
    ("escape_everything", "autoescape/html_vs_txt"),
]:
    p = runner(["--vanban", FAKE, os.path.join(CASES, case + ".case")], mutation)
    expect(f"lỗi {mutation} ở {case}", p, 1, f"FAIL {case}")

# Broken case files are reported by --reference-only.
BROKEN = {
    "renders_but_expects_error": "=== template: a.txt\n{{ 1 }}\n=== expect: error\n",
    "wrong_pinned_output": "=== template: a.txt\n{{ 1 + 1 }}\n=== output\n3\n",
    "unknown_section": "=== template: a.txt\nx\n=== dữ liệu\n{}\n",
    "errors_but_expects_output": "=== template: a.txt\n{{ x }}\n=== data\n{}\n",
    "main_in_subfolder": "=== template: sub/a.txt\nx\n",
    "no_final_newline_without_line": "=== template: a.txt (no final newline)\nx",
    "no_template": "=== data\n{}\n",
    "same_template_twice": "=== template: a.txt\nx\n=== template: a.txt\ny\n",
}
with tempfile.TemporaryDirectory() as d:
    for name, text in BROKEN.items():
        path = os.path.join(d, name + ".case")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        expect(f"ca hỏng {name}", runner(["--reference-only", path]), 1, "FAIL ")
    # And a well-formed one passes, with its final-newline rules applied exactly.
    good = os.path.join(d, "good.case")
    with open(good, "w", encoding="utf-8") as f:
        f.write("mô tả\n=== template: a.txt (no final newline)\n{{ x }}\n\n=== data\n"
                '{"x": "y"}\n=== output (no final newline)\ny\n\n')
    expect("ca tốt", runner(["--reference-only", good]), 0)

for f in failures:
    print("FAIL " + f)
print(f"kiểm tra run.py: {'hỏng ' + str(len(failures)) if failures else 'đạt'}")
sys.exit(1 if failures else 0)
