#!/usr/bin/env python3
"""Turns the published spl-stake-pool crate's integration tests (28 files, one test binary each) into
one test binary, so that the suite links once: every file becomes a module of tests/upstream/main.rs
beside the shared helpers. Only module paths change; no test is edited.

    prepare.py <unpacked crate directory>
"""
import pathlib
import re
import shutil
import sys

root = pathlib.Path(sys.argv[1])
tests = root / "tests"
out = tests / "upstream"
if out.exists():
    shutil.rmtree(out)
out.mkdir()
shutil.copytree(tests / "helpers", out / "helpers")
modules = []
for path in sorted(tests.glob("*.rs")):
    text = path.read_text()
    if not re.search(r"^mod helpers;$", text, re.M):
        sys.exit(f"{path.name}: no `mod helpers;` line: the suite's layout changed")
    text = re.sub(r"^mod helpers;\n", "", text, flags=re.M)
    text = re.sub(r"\bhelpers::", "crate::helpers::", text)
    text = re.sub(r"\bcrate::crate::helpers::", "crate::helpers::", text)
    (out / path.name).write_text(text)
    modules.append(path.stem)
(out / "main.rs").write_text(
    "//! Upstream's integration suite, one module per original test file.\n"
    + "".join(f"mod {m};\n" for m in ["helpers"] + modules)
)

toml = (root / "Cargo.toml").read_text()
section = re.compile(r'\n\[\[(test|bench|example)\]\]\n(?:[^\[\n][^\n]*\n|\n)*')
while section.search(toml):
    toml = section.sub("\n", toml, count=1)
toml += '\n[[test]]\nname = "upstream"\npath = "tests/upstream/main.rs"\n\n[workspace]\n'
(root / "Cargo.toml").write_text(toml)
print(f"{len(modules)} test files as modules of tests/upstream/main.rs")
