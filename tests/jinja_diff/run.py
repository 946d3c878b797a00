#!/usr/bin/python3
"""Differential test runner: vanban's template engine against Python Jinja2.

Each `*.case` file under `cases/` describes templates, JSON data and the expected outcome (see
README.md). For every case the runner renders the templates in-process with Jinja2, configured the
way the engine promises to behave, then runs `vanban render` once in a subprocess and requires:

* a rendering case: exit status 0 and stdout byte-identical to Jinja2's output;
* an error case (`=== expect: error`): Jinja2 raises, and vanban exits non-zero with nothing on
  stdout and `FILE:LINE:COL: lỗi:` on stderr, FILE being the template (or data file) Jinja2 blames
  and LINE Jinja2's line number.

`--reference-only` skips vanban and only checks that every case behaves in Jinja2 as it says.

Runs on Debian's /usr/bin/python3: standard library plus python3-jinja2 only.
"""

import argparse
import decimal
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
import unicodedata

import jinja2
import markupsafe
import jinja2.filters

HERE = os.path.dirname(os.path.abspath(__file__))
CASES_DIR = os.path.join(HERE, "cases")

# Folder names inside a case's temporary directory. The main template's folder is `main/`; the
# `templates-dir` sections go to `extra/`, which is passed with `--templates`.
MAIN_DIR = "main"
EXTRA_DIRS = ("extra", "extra2")
DATA_FILE = "data.json"

# `=== KIND`, `=== KIND: ARG`, either optionally followed by `(no final newline)`.
HEADER_RE = re.compile(r"^=== ([a-z0-9-]+)(?::[ \t]*(.*?))?[ \t]*(\(no final newline\))?[ \t]*$")


class CaseError(Exception):
    """The case file itself is malformed: a defect in the suite, not in vanban."""


# --------------------------------------------------------------------------------------------
# Case files


class Case:
    def __init__(self, path):
        self.path = path
        self.name = os.path.relpath(path, CASES_DIR)[: -len(".case")]
        self.templates = []  # (folder index: 0 main, 1.. extra, name, text)
        self.data = "{}"
        self.expect_error = False
        self.output = None  # the exact text Jinja2 must render, when the case pins it
        self._parse()

    def _parse(self):
        with open(self.path, encoding="utf-8", newline="") as f:
            text = f.read()
        # Split into (header, body) pairs; a body is every byte between the end of its header line
        # and the start of the next header line, so it ends with the newline of its last line.
        sections = []
        pos = 0
        current = None
        while pos < len(text):
            end = text.find("\n", pos)
            line_end = len(text) if end < 0 else end + 1
            line = text[pos:line_end].rstrip("\n").rstrip("\r")
            if line.startswith("=== "):
                m = HEADER_RE.match(line)
                if not m:
                    raise CaseError(f"dòng tiêu đề mục không hợp lệ: {line!r}")
                current = [m.group(1), m.group(2) or "", line_end, line_end, bool(m.group(3))]
                sections.append(current)
            elif current is not None:
                current[3] = line_end
            pos = line_end
        for kind, arg, start, stop, no_final_newline in sections:
            body = text[start:stop]
            if no_final_newline:
                if not body.endswith("\n"):
                    raise CaseError(f"mục `{kind}` ghi (no final newline) nhưng không có dòng mới")
                body = body[:-1]
            if kind == "template" or kind.startswith("templates-dir"):
                folder = 0
                if kind != "template":
                    suffix = kind[len("templates-dir"):]
                    if suffix not in ("", "-2"):
                        raise CaseError(f"mục lạ `{kind}` (chỉ có templates-dir, templates-dir-2)")
                    folder = 1 if suffix == "" else 2
                check_name(arg)
                if not self.templates and folder != 0:
                    raise CaseError("mục đầu tiên phải là `=== template:` (mẫu được kết xuất)")
                if not self.templates and "/" in arg:
                    raise CaseError("mẫu chính phải nằm ngay trong thư mục của nó (không có '/')")
                if any(t[0] == folder and t[1] == arg for t in self.templates):
                    raise CaseError(f"mẫu `{arg}` xuất hiện hai lần trong cùng thư mục")
                self.templates.append((folder, arg, body))
            elif kind == "data":
                self.data = body
            elif kind == "expect":
                if arg != "error":
                    raise CaseError(f"`=== expect: {arg}`: chỉ chấp nhận `error`")
                self.expect_error = True
            elif kind == "output":
                self.output = body
            else:
                raise CaseError(f"mục lạ `=== {kind}`")
        if not self.templates:
            raise CaseError("không có mục `=== template:` nào")
        if self.expect_error and self.output is not None:
            raise CaseError("một ca không thể vừa `expect: error` vừa có `output`")

    @property
    def main(self):
        return self.templates[0][1]

    def write(self, root):
        for folder, name, body in self.templates:
            path = os.path.join(root, folder_name(folder), name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(body)
        for folder in (0, 1, 2):
            os.makedirs(os.path.join(root, folder_name(folder)), exist_ok=True)
        with open(os.path.join(root, DATA_FILE), "w", encoding="utf-8", newline="") as f:
            f.write(self.data)


def folder_name(index):
    return MAIN_DIR if index == 0 else EXTRA_DIRS[index - 1]


def check_name(name):
    if not name or name.startswith("/") or ".." in name.split("/"):
        raise CaseError(f"tên mẫu không hợp lệ: {name!r}")


def find_cases(paths):
    found = []
    for p in paths:
        p = os.path.abspath(p)
        if os.path.isdir(p):
            for dirpath, _, files in os.walk(p):
                found += [os.path.join(dirpath, f) for f in files if f.endswith(".case")]
        else:
            found.append(p)
    return sorted(found)


# --------------------------------------------------------------------------------------------
# Reference implementations of vanban's Vietnamese filters, written from the specification.

VN_MONTH_PAD = (1, 2)  # months 1 and 2 are zero-padded (tháng 01, tháng 02), others are not


def _parse_iso_date(value):
    import datetime

    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"not an ISO date: {value!r}")
    d = datetime.date(int(value[:4]), int(value[5:7]), int(value[8:10]))
    day = f"{d.day:02d}" if d.day < 10 else str(d.day)
    month = f"{d.month:02d}" if d.month in VN_MONTH_PAD else str(d.month)
    return day, month, f"{d.year:04d}"


def vn_date(value):
    day, month, year = _parse_iso_date(value)
    return f"ngày {day} tháng {month} năm {year}"


def vn_date_short(value):
    day, month, year = _parse_iso_date(value)
    return f"{day}/{month}/{year}"


def _vn_decimal(value, decimals):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"not a number: {value!r}")
    if not isinstance(decimals, int) or isinstance(decimals, bool) or decimals < 0:
        raise TypeError(f"bad number of decimals: {decimals!r}")
    # Round the decimal value as written (repr), half away from zero, not the binary double.
    q = decimal.Decimal(repr(value)).quantize(decimal.Decimal(1).scaleb(-decimals),
                                              rounding=decimal.ROUND_HALF_UP)
    text = f"{abs(q):f}"
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups)
    if frac:
        out += "," + frac
    return ("-" if q < 0 else "") + out


def vn_number(value, decimals=0):
    return _vn_decimal(value, decimals)


def vn_percent(value, decimals=1):
    return _vn_decimal(value, decimals) + "%"


def roman(value):
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 3999:
        raise ValueError(f"roman: out of range: {value!r}")
    out = ""
    for n, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                   (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= n:
            out += sym
            value -= n
    return out


DIEM_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()


def diem(value):
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= len(DIEM_LETTERS):
        raise ValueError(f"diem: expected 1..23, got {value!r}")
    return DIEM_LETTERS[value - 1]


# Vietnamese alphabet order; f j w z sit where the Latin alphabet puts them. Cases using vn_sort
# only use data whose order this simple key decides the same way ICU's `vi` collation does.
VN_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
VN_TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]  # ngang huyền hỏi ngã sắc nặng
VN_BASE_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


def _vn_key(text):
    primary, secondary = [], []
    for ch in unicodedata.normalize("NFC", str(text)).lower():
        parts = unicodedata.normalize("NFD", ch)
        tone = 0
        base = parts[0]
        for mark in parts[1:]:
            if mark in VN_BASE_MARKS:
                base += mark
            elif mark in VN_TONES:
                tone = VN_TONES.index(mark)
        base = unicodedata.normalize("NFC", base)
        if base in VN_ALPHABET:
            primary.append((2, VN_ALPHABET.index(base)))
        elif base.isdigit():
            primary.append((1, int(base)))
        else:
            primary.append((0, ord(base)))
        secondary.append(tone)
    return (primary, secondary)


@jinja2.pass_environment
def vn_sort(environment, value, attribute=None):
    get = jinja2.filters.make_attrgetter(environment, attribute)
    return sorted(value, key=lambda item: _vn_key(get(item)))


# vn_nobreak, from its specification (src/vn/nobreak.hpp): a space-separated word with '/' or
# '-' strictly inside it (after trimming punctuation), at most 30 characters, not a URL, is kept
# on one line; so are "quý" and the Roman numeral of a quarter after it.
NOBREAK_EDGE = "(),.;:\"'[]!?"


def _nobreak_word(w):
    core = w.strip(NOBREAK_EDGE)
    return (len(core) >= 3 and "://" not in w and len(w) <= 30
            and any(c in "/-" for c in core[1:-1]))


def _roman_quarter(w):
    m = re.match(r"(IV|I{1,3})(?=$|[/" + re.escape(NOBREAK_EDGE) + "])", w)
    return bool(m) and len(w) <= 30


def vn_nobreak(value):
    if isinstance(value, markupsafe.Markup):
        return value
    text = str(value)
    words = [(m.start(), m.end()) for m in re.finditer(r"[^ ]+", text)]
    ranges, k = [], 0
    while k < len(words):
        b, e = words[k]
        w = text[b:e]
        if w.lstrip(NOBREAK_EDGE) in ("quý", "Quý", "QUÝ") and k + 1 < len(words) and words[k + 1][0] == e + 1 \
                and _roman_quarter(text[words[k + 1][0]:words[k + 1][1]]):
            ranges.append((b, words[k + 1][1]))
            k += 2
            continue
        if _nobreak_word(w):
            ranges.append((b, e))
        k += 1
    out, done = [], 0
    for b, e in ranges:
        out.append(str(markupsafe.escape(text[done:b])))
        out.append('<span style="white-space:nowrap">' + str(markupsafe.escape(text[b:e])) + "</span>")
        done = e
    out.append(str(markupsafe.escape(text[done:])))
    return markupsafe.Markup("".join(out))


VN_FILTERS = {
    "vn_nobreak": vn_nobreak,
    "vn_date": vn_date,
    "vn_date_short": vn_date_short,
    "vn_number": vn_number,
    "vn_percent": vn_percent,
    "roman": roman,
    "diem": diem,
    "vn_sort": vn_sort,
}


# --------------------------------------------------------------------------------------------
# Jinja2 side


def nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(v) for v in value]
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    return value


class Reference:
    """What Jinja2 does with a case: `text` on success, else `error`, `where` = (name, line)."""

    def __init__(self, text=None, error=None, where=None):
        self.text, self.error, self.where = text, error, where


def make_environment(folders):
    """Jinja2 configured as the engine promises to behave."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html", "htm"]),
        keep_trailing_newline=True,
    )
    env.filters.update(VN_FILTERS)
    return env


def locate_error(exc, folders):
    """(template name, line) that Jinja2 blames for `exc`, or None."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        # Some lexer errors carry the file path as `name` (and no filename): map paths to names.
        name = exc.name
        for path in (exc.filename, exc.name):
            if path and os.path.isabs(path):
                name = template_name(path, folders) or name
                break
        return (name, exc.lineno)
    # Runtime errors: Jinja2 rewrites the traceback so that template frames carry the template's
    # file and line; the innermost one is where the error happened.
    where = None
    for frame in traceback.extract_tb(exc.__traceback__):
        name = template_name(frame.filename, folders)
        if name is not None:
            where = (name, frame.lineno)
    return where


def render_reference(case, root):
    folders = [os.path.join(root, folder_name(i)) for i in range(3)]
    try:
        with open(os.path.join(root, DATA_FILE), encoding="utf-8") as f:
            data = nfc(json.load(f))
    except json.JSONDecodeError as e:
        return Reference(error=f"JSON: {e}", where=(DATA_FILE, e.lineno))
    try:
        return Reference(text=make_environment(folders).get_template(case.main).render(data))
    except Exception as e:  # any failure while loading or rendering is an error vanban must report
        return Reference(error=f"{type(e).__name__}: {e}", where=locate_error(e, folders))


def template_name(filename, folders):
    filename = os.path.abspath(filename)
    for folder in folders:
        if filename.startswith(folder + os.sep):
            return os.path.relpath(filename, folder).replace(os.sep, "/")
    return None


def check_reference(case, ref):
    """Problems with the case itself: Jinja2 does not do what the case says."""
    if case.expect_error:
        if ref.error is None:
            return ["ca ghi `expect: error` nhưng Jinja2 kết xuất được:\n" + show(ref.text)]
        if ref.where is None or ref.where[1] is None:
            return [f"Jinja2 báo lỗi nhưng không rõ mẫu và dòng: {ref.error}"]
        return []
    if ref.error is not None:
        where = f" ({ref.where[0]}:{ref.where[1]})" if ref.where else ""
        return [f"Jinja2 báo lỗi{where}: {ref.error}"]
    if case.output is not None and ref.text != case.output:
        return ["Jinja2 không ra đúng mục `=== output`:\n" +
                diff(case.output.encode(), ref.text.encode(), "output", "jinja2")]
    return []


# --------------------------------------------------------------------------------------------
# vanban side


def run_vanban(vanban, case, root):
    cmd = [vanban, "render", os.path.join(MAIN_DIR, case.main), "--data", DATA_FILE]
    # `extra/` is always passed (maybe empty); `extra2/` only when the case fills it.
    cmd += ["--templates", folder_name(1)]
    if any(t[0] == 2 for t in case.templates):
        cmd += ["--templates", folder_name(2)]
    try:
        if vanban.endswith(".py"):  # a stand-in written in Python (see selftest/)
            cmd.insert(0, sys.executable)
        p = subprocess.run(cmd, cwd=root, capture_output=True, timeout=20)
    except subprocess.TimeoutExpired:
        return None, b"", "vanban chạy quá 20 giây".encode()
    return p.returncode, p.stdout, p.stderr


def check_vanban(case, ref, rc, out, err):
    problems = []
    err_text = err.decode("utf-8", errors="backslashreplace")
    if rc is None:
        return [err_text]
    if not case.expect_error:
        if rc != 0:
            problems.append(f"vanban thoát với mã {rc}; stderr:\n{err_text}")
        expected = ref.text.encode("utf-8")
        if out != expected:
            problems.append("đầu ra khác Jinja2:\n" + diff(expected, out, "jinja2", "vanban"))
        return problems
    if rc == 0:
        problems.append("Jinja2 báo lỗi nhưng vanban thoát với mã 0")
    if out:
        printed = out.decode("utf-8", "backslashreplace")
        problems.append("vanban báo lỗi nhưng vẫn in ra stdout:\n" + show(printed))
    name, line = ref.where
    # The file may be named by any path ending in the template's name (relative or absolute).
    pattern = r"(?:^|[\s/\"'(])" + re.escape(name) + ":" + str(line) + r":\d+: lỗi: \S"
    if not re.search(pattern, err_text, re.MULTILINE):
        problems.append(
            f"stderr của vanban phải có dạng `{name}:{line}:CỘT: lỗi: …` "
            f"(Jinja2: {ref.error}); stderr là:\n{err_text or '(trống)'}")
    return problems


# --------------------------------------------------------------------------------------------
# Reporting


def show(text):
    lines = text.splitlines(keepends=True)
    return "".join(f"    | {line!r}\n" for line in lines) or "    (trống)\n"


def diff(expected, actual, a_name, b_name):
    def lines(data):
        text = data.decode("utf-8", "backslashreplace")
        return [repr(line) + "\n" for line in text.splitlines(keepends=True)]

    a, b = lines(expected), lines(actual)
    lines = list(difflib.unified_diff(a, b, a_name, b_name, lineterm="\n"))
    if not lines:  # same lines, so the difference is in undecodable bytes
        return f"    {expected!r}\n != {actual!r}\n"
    return "".join("    " + l for l in lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", default=[CASES_DIR],
                    help="case files or folders (default: every case)")
    ap.add_argument("--vanban", help="path to the vanban binary")
    ap.add_argument("--reference-only", action="store_true",
                    help="only check that each case behaves in Jinja2 as it says")
    ap.add_argument("--show", action="store_true",
                    help="print what Jinja2 renders for each case (to write `=== output`)")
    args = ap.parse_args()
    if not args.reference_only and not args.vanban:
        ap.error("cần --vanban PATH, hoặc --reference-only")
    if args.vanban:
        # vanban runs inside each case's temporary folder, so resolve its path first.
        found = args.vanban if os.sep in args.vanban else shutil.which(args.vanban)
        if not found or not os.path.isfile(found):
            ap.error(f"không tìm thấy chương trình vanban: {args.vanban}")
        args.vanban = os.path.abspath(found)

    paths = find_cases(args.paths)
    if not paths:
        print("không tìm thấy ca nào (*.case)", file=sys.stderr)
        return 1
    failed = []
    for path in paths:
        try:
            case = Case(path)
        except CaseError as e:
            failed.append((os.path.relpath(path, CASES_DIR), [f"tệp ca hỏng: {e}"]))
            continue
        with tempfile.TemporaryDirectory(prefix="jinja_diff.") as root:
            case.write(root)
            ref = render_reference(case, root)
            if args.show:
                print(f"--- {case.name}: " + (f"LỖI {ref.where}: {ref.error}" if ref.error else ""))
                if ref.text is not None:
                    sys.stdout.write(show(ref.text))
            problems = check_reference(case, ref)
            if not problems and not args.reference_only:
                problems = check_vanban(case, ref, *run_vanban(args.vanban, case, root))
        if problems:
            failed.append((case.name, problems))
    for name, problems in failed:
        print(f"FAIL {name}")
        for p in problems:
            print("  " + p.rstrip("\n").replace("\n", "\n  "))
    mode = "Jinja2 (chỉ tham chiếu)" if args.reference_only else "vanban so với Jinja2"
    print(f"{mode}: {len(paths) - len(failed)}/{len(paths)} ca đạt")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
