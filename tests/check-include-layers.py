#!/usr/bin/env python3
"""The layers of docs/architecture.md, checked on the #include lines: app/core includes no store, io or
ui header, app/store no io or ui header, app/io no ui header.

The build is the main guard: each layer's library has only its own folder and the folders below it
on its include path (app/meson.build), so a wrong #include does not compile. This check says the
rule in one place and also catches what the compiler cannot: a header name used by two layers
(the lower layer would silently get its own), and an #include of a header that no layer has.

  check-include-layers.py SOURCE_ROOT
"""
import pathlib
import re
import sys

# Each layer and the layers it may include, itself first.
LAYERS = {
    "core": ["core"],
    "store": ["store", "core"],
    "io": ["io", "store", "core"],
}
ALL_FOLDERS = ["core", "store", "io", "ui", "cli"]
# Generated into the build root, reachable from every layer.
GENERATED = {"config.h"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    app = root / "app"
    headers = {}
    for folder in ALL_FOLDERS:
        if not (app / folder).is_dir():
            print(f"missing directory {app / folder}")
            return 1
        headers[folder] = {p.name for p in (app / folder).glob("*.h")}

    found = []
    owners = {}
    for folder in ALL_FOLDERS:
        for name in headers[folder]:
            owners.setdefault(name, []).append(folder)
    for name, folders in sorted(owners.items()):
        if len(folders) > 1:
            found.append(f"{name}: a header of the same name in app/{' and app/'.join(folders)}")

    looked_at = 0
    for layer, allowed in LAYERS.items():
        for path in sorted((app / layer).glob("*.[ch]")):
            looked_at += 1
            rel = path.relative_to(root).as_posix()
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                match = INCLUDE.match(line)
                if not match:
                    continue
                name = match.group(1)
                if name in GENERATED:
                    continue
                if "/" in name:
                    found.append(f"{rel}:{number}: {name}: include a header by its name, not a path")
                    continue
                home = owners.get(name)
                if home is None:
                    found.append(f"{rel}:{number}: {name}: no layer has this header")
                elif not any(folder in allowed for folder in home):
                    found.append(f"{rel}:{number}: {name} is in app/{home[0]}, which app/{layer} may not use")
    if looked_at < 30:
        print(f"only {looked_at} files looked at: wrong source root?")
        return 1
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} include(s) break the layers (docs/architecture.md \"Layers\")")
        return 1
    print(f"{looked_at} files of app/core, app/store and app/io: the includes keep the layers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
