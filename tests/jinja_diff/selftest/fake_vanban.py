#!/usr/bin/python3
"""A stand-in for `vanban render` built on Jinja2 itself, used only to test run.py.

Rendered correctly it must pass every case; with FAKE_VANBAN_MUTATION set it deviates in one way
that the runner has to catch (see check_runner.py).
"""

import json
import os
import sys

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import run  # noqa: E402  (the runner's Jinja2 setup and Vietnamese filters)

MUTATION = os.environ.get("FAKE_VANBAN_MUTATION", "")


def main(argv):
    if len(argv) < 2 or argv[0] != "render":
        print("cách dùng: fake_vanban.py render MẪU --data DỮ_LIỆU.json [--templates THƯ_MỤC]...",
              file=sys.stderr)
        return 2
    template, data_path, dirs = argv[1], None, []
    i = 2
    while i < len(argv):
        if argv[i] == "--data":
            data_path = argv[i + 1]
        elif argv[i] == "--templates":
            dirs.append(argv[i + 1])
        else:
            print(f"tham số lạ: {argv[i]}", file=sys.stderr)
            return 2
        i += 2
    if MUTATION == "ignore_templates_dirs":
        dirs = []
    folders = [os.path.abspath(os.path.dirname(template))] + [os.path.abspath(d) for d in dirs]
    try:
        with open(data_path, encoding="utf-8") as f:
            data = json.load(f)
    except json.JSONDecodeError as e:
        line = e.lineno + (1 if MUTATION == "wrong_line" else 0)
        print(f"{data_path}:{line}:{e.colno}: lỗi: JSON không hợp lệ", file=sys.stderr)
        return 1
    if MUTATION != "no_nfc":
        data = run.nfc(data)
    env = run.make_environment(folders)
    if MUTATION == "escape_everything":
        env.autoescape = True
    try:
        out = env.get_template(os.path.basename(template)).render(data)
    except Exception as e:
        name, line = run.locate_error(e, folders)
        if MUTATION == "wrong_line":
            line += 1
        if MUTATION == "stdout_on_error":
            sys.stdout.write("một phần")
        print(f"{name}:{line}:1: lỗi: {e}", file=sys.stderr)
        return 1
    if MUTATION == "trailing_space":
        out += " "
    sys.stdout.buffer.write(out.encode("utf-8"))
    return 3 if MUTATION == "exit_code" else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
