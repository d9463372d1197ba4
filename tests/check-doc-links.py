#!/usr/bin/env python3
"""The repository documents itself: every relative link in README.md and docs/*.md points at a file
that exists, and no tracked file cites a document the repository does not contain (design notes
kept outside it, which users never receive)."""
import pathlib
import re
import subprocess
import sys

root = pathlib.Path(sys.argv[1])
failures = []

for md in [root / "README.md", *sorted((root / "docs").glob("*.md"))]:
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", md.read_text(encoding="utf-8")):
        if "://" in target:
            continue
        if not (md.parent / target).exists():
            failures.append(f"{md.relative_to(root)}: link to missing {target}")

outside = re.compile(r"(?<![\w/.-])(?:RULES|FORMATS|INDICATORS|DOMAIN|ARCHITECTURE|GTK-STYLE|RELIABILITY|TOOLCHAIN|ANCHORS)\.md|shared/design")
tracked = subprocess.run(["git", "-C", str(root), "ls-files"], capture_output=True, text=True).stdout.split()
me = pathlib.Path(__file__).resolve()
for name in tracked:
    path = root / name
    if path.resolve() == me or not path.is_file():
        continue
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        continue
    for number, line in enumerate(text.splitlines(), 1):
        if outside.search(line):
            failures.append(f"{name}:{number}: cites a document outside the repository")

for f in failures:
    print(f)
print(f"{len(failures)} problem(s)")
sys.exit(1 if failures else 0)
