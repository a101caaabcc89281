"""Checks that every Python module the test suite imports can be imported here.

The suite runs Python under /usr/bin/python3 (Debian's packages): in .py files and in scripts
embedded in the TypeScript tests. This scans both for import statements, drops the standard
library, and checks that each remaining module is listed in .ci/python-packages.tsv (so .ci/run
installs its Debian package) and that every listed module imports. A test that passes only because a machine happened to
have a package (python3-torch from benchmarks) fails here instead, naming the module.

  check_python_modules.py            check; exit 1 naming each problem
  check_python_modules.py --list     print the modules the suite imports, one a line
"""
import importlib.util
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCANNED = ["test", "kernel", "lib"]
NAME = r"[A-Za-z_][\w.]*"
# `import a, b.c as d` / `from a.b import c`, at a line start or just after a quote or `;`
# (inline `-c` scripts). A TypeScript `import x from "y"` does not match: after its name comes
# ` from`, not the end of the statement.
IMPORT = re.compile(rf"(?:^|[\"'`;])\s*import\s+({NAME}(?:\s+as\s+\w+)?(?:\s*,\s*{NAME}(?:\s+as\s+\w+)?)*)\s*(?=$|;|[\"'`#])", re.M)
FROM = re.compile(rf"(?:^|[\"'`;])\s*from\s+({NAME})\s+import\s", re.M)


def imported_modules():
    found = {}
    for top in SCANNED:
        for folder, _, files in os.walk(os.path.join(ROOT, top)):
            for name in files:
                if not name.endswith((".py", ".ts")):
                    continue
                path = os.path.join(folder, name)
                text = open(path, encoding="utf8").read()
                names = [m.group(1) for m in FROM.finditer(text)]
                for m in IMPORT.finditer(text):
                    names += [part.split(" as ")[0].strip() for part in m.group(1).split(",")]
                for module in names:
                    root = module.split(".")[0]
                    if root and root not in sys.stdlib_module_names and root != "__future__":
                        found.setdefault(root, os.path.relpath(path, ROOT))
    return found


def listed_packages():
    listed = {}
    with open(os.path.join(ROOT, ".ci", "python-packages.tsv"), encoding="utf8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                module, package = line.split()
                listed[module] = package
    return listed


def main():
    found = imported_modules()
    if "--list" in sys.argv:
        for module in sorted(found):
            print(f"{module}\t{found[module]}")
        return 0
    listed = listed_packages()
    problems = []
    for module, where in sorted(found.items()):
        if module not in listed:
            problems.append(f"{where} imports '{module}', which .ci/python-packages.tsv does not list: add it with its Debian package")
    for module, package in sorted(listed.items()):
        if importlib.util.find_spec(module) is None:
            user = f"{found[module]} imports it" if module in found else "the suite needs it"
            problems.append(f"No module named '{module}' under {sys.executable} ({user}): install Debian's {package}")
    for message in problems:
        print(message, file=sys.stderr)
    if not problems:
        print(f"python modules: all {len(listed)} the suite needs are installed ({', '.join(sorted(listed))})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
