#!/usr/bin/env python3
"""check-po-complete.py SOURCE_ROOT: every user-visible string ships translated.

Fails when a file with a marked string (_(), N_(), C_(), NC_(), g_dngettext, a translatable
property of a .ui file) is missing from po/POTFILES.in, or when a message that xgettext extracts
from those files has no translation (or only a fuzzy one) in po/zh_CN.po.
"""
import os
import re
import subprocess
import sys
import tempfile

root = sys.argv[1]
marked = re.compile(r'(?<![A-Za-z0-9_])(N?C?_|g_dngettext|ngettext)\s*\(\s*"|translatable="yes"')
comment = re.compile(r'/\*.*?\*/', re.S)

with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
    listed = {line.strip() for line in f if line.strip() and not line.startswith('#')}

failures = []
for top in ('app', 'resources'):
    for dirpath, _dirs, files in os.walk(os.path.join(root, top)):
        for name in files:
            if not name.endswith(('.c', '.h', '.ui')):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            with open(path, encoding='utf-8') as f:
                text = f.read()
            if name.endswith(('.c', '.h')):
                text = comment.sub('', text)
            if marked.search(text) and rel not in listed:
                failures.append(f'{rel}: has marked strings but is not in po/POTFILES.in')

with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, 'muying.pot')
    merged = os.path.join(tmp, 'merged.po')
    subprocess.run(['xgettext', '--from-code=UTF-8', '-k_', '-kN_', '-kC_:1c,2', '-kNC_:1c,2',
                    '-kg_dngettext:2,3', '-kngettext:1,2', '-D', root, '-f', os.path.join(root, 'po', 'POTFILES.in'),
                    '-o', pot], check=True, stderr=subprocess.DEVNULL)
    subprocess.run(['msgmerge', '--quiet', '--no-fuzzy-matching', os.path.join(root, 'po', 'zh_CN.po'), pot,
                    '-o', merged], check=True, stderr=subprocess.DEVNULL)
    stats = subprocess.run(['msgfmt', '--statistics', '-o', os.devnull, merged], check=True, capture_output=True,
                           text=True).stderr
    if 'untranslated' in stats or 'fuzzy' in stats:
        failures.append(f'po/zh_CN.po: {stats.strip()}')
        for kind in ('--untranslated', '--only-fuzzy'):
            out = subprocess.run(['msgattrib', kind, '--no-obsolete', '--no-wrap', merged], check=True,
                                 capture_output=True, text=True).stdout
            failures.extend(f'  {kind[2:]}: {line}' for line in out.splitlines() if line.startswith('msgid "') and line != 'msgid ""')

for line in failures:
    print(line)
print(f'{len(failures)} problem(s)')
sys.exit(1 if failures else 0)
