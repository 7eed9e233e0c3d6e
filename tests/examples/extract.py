#!/usr/bin/env python3
"""Writes every **Example**:: block of the spec as a Lua file, for scripts/test-examples.sh.

    extract.py SPEC_JSON OUT_DIR

SPEC_JSON is the output of ``luasteam-codegen spec spec/*.rst`` (docs/spec-json.rst): it says
which function each example belongs to and which backends that function is restricted to.
The JSON has no line numbers for examples, so each example is located in its RST file: the
first literal block after an ``**Example**::`` marker, at or after the function's directive,
whose text is the example's. OUT_DIR receives NNN.lua files and manifest.tsv, one line per
example: MODE FILE LINE NAME LUAFILE, where MODE is ``run`` or ``syntax`` (the function is
restricted to backends other than ``standalone``) and LINE is the example's first code line.
An example block the JSON does not attach to a function is listed too, to be run.
"""
import json
import os
import sys


def literal_blocks(path):
    """(first code line, dedented text) of every literal block after an **Example**:: marker."""
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\n").expandtabs(8) for l in f]
    blocks = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip().startswith("**Example**") and line.rstrip().endswith("::"):
            marker_indent = len(line) - len(line.lstrip())
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            body = []
            k = j
            while k < len(lines):
                l = lines[k]
                if l.strip() and len(l) - len(l.lstrip()) <= marker_indent:
                    break
                body.append(l)
                k += 1
            while body and not body[-1].strip():
                body.pop()
            if body:
                indent = min(len(l) - len(l.lstrip()) for l in body if l.strip())
                text = "\n".join(l[indent:] for l in body)
                blocks.append((j + 1, text))
            i = k
        else:
            i += 1
    return blocks


def main():
    spec_json, out_dir = sys.argv[1], sys.argv[2]
    with open(spec_json, encoding="utf-8") as f:
        spec = json.load(f)
    os.makedirs(out_dir, exist_ok=True)
    cache = {}
    used = set()
    rows = []
    problems = 0
    for module in spec["modules"]:
        for fn in module["functions"] + module["callbacks"] + module.get("methods", []):
            path = fn["span"]["file"]
            if path not in cache:
                cache[path] = literal_blocks(path)
            blocks = cache[path]
            steam_only = bool(fn["backends"]) and "standalone" not in fn["backends"]
            for text in fn["examples"]:
                text = text.rstrip("\n")
                found = None
                for start in (fn["span"]["line"], 0):
                    for line, block in blocks:
                        if line >= start and (path, line) not in used and block == text:
                            found = line
                            break
                    if found:
                        break
                if found is None:
                    print(f"{path}:{fn['span']['line']}: cannot find the example of "
                          f"{fn['qualified']} in the file", file=sys.stderr)
                    problems += 1
                    continue
                used.add((path, found))
                luafile = os.path.join(out_dir, f"{len(rows) + 1:03d}.lua")
                with open(luafile, "w", encoding="utf-8") as f:
                    f.write(text + "\n")
                rows.append((("syntax" if steam_only else "run"), path, str(found),
                             fn["qualified"], luafile))
    # An **Example**:: block the spec does not attach to a function (under a ``.. data::``, in
    # a module's text) runs too.
    for module in spec["modules"]:
        path = module["span"]["file"]
        if path not in cache:
            cache[path] = literal_blocks(path)
    for path, blocks in cache.items():
        for line, block in blocks:
            if (path, line) in used:
                continue
            used.add((path, line))
            luafile = os.path.join(out_dir, f"{len(rows) + 1:03d}.lua")
            with open(luafile, "w", encoding="utf-8") as f:
                f.write(block + "\n")
            rows.append(("run", path, str(line), "(not attached to a function)", luafile))
    with open(os.path.join(out_dir, "manifest.tsv"), "w", encoding="utf-8") as f:
        for row in rows:
            f.write("\t".join(row) + "\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
