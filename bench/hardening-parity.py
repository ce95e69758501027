#!/usr/bin/env python3
"""Compares checksec --dir --output=json with medsec's report.json per (file, property).

Usage: hardening-parity.py TREE CHECKSEC_JSON MEDSEC_JSON DISAGREEMENTS_TXT

Two comparisons, both printed:
  1. FACTS: checksec's value per property against medsec's "hardening" section (what the binary has:
     relro level, canary, NX, PIE, RPATH/RUNPATH present, symbol table, fortified calls > 0). Same question,
     so this is the parity figure.
  2. JUDGEMENT: checksec's value against medsec's findings (a property counts as "no" when medsec raises the
     finding). Differs by design where medsec does not call something a weakness, e.g. FORTIFY for a file that
     calls no fortifiable function.
Writes each disagreement with `readelf` evidence to DISAGREEMENTS_TXT (facts first, then judgement).
"""
import collections
import json
import os
import subprocess
import sys

tree, checksec_json, medsec_json, out_txt = sys.argv[1:5]
tree = os.path.realpath(tree)
PROPS = ["relro", "canary", "nx", "pie", "rpath", "runpath", "symbols", "fortify_source"]


def load_checksec(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        data = json.load(f)
    out = {}
    for k, v in data.items():
        if not isinstance(v, dict) or "relro" not in v:
            continue
        name = v.get("filename", k)
        real = os.path.realpath(name)
        if not real.startswith(tree):
            continue
        out["/" + os.path.relpath(real, tree)] = v
    return out


def load_medsec(path):
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    by_file = collections.defaultdict(list)
    for f in report["findings"]:
        if f["path"].count("!") == 0:
            by_file[f["path"]].append(f)
    facts = {f["path"]: f for f in report.get("hardening", {}).get("files", []) if "!" not in f["path"]}
    return by_file, facts


def medsec_facts(f):
    """medsec's facts (report section "hardening") in checksec's vocabulary, per property."""
    if f is None:
        return {p: "absent" for p in PROPS}
    canary = f.get("canary", {})
    return {"relro": {"none": "no"}.get(f.get("relro"), f.get("relro")),
            "canary": "yes" if canary.get("present") else ("no" if canary.get("determined") else "undetermined"),
            "nx": "yes" if f.get("nx") else "no",
            "pie": "no" if f.get("type") in ("exec", "static") else "yes",
            "rpath": "yes" if "rpath" in f else "no",
            "runpath": "yes" if "runpath" in f else "no",
            "symbols": "no" if f.get("stripped") else "yes",
            "fortify_source": "yes" if f.get("fortify", {}).get("fortified", 0) > 0 else "no"}


def medsec_verdicts(findings):
    """medsec's verdict in checksec's vocabulary, per property."""
    v = {"relro": "full", "canary": "yes", "nx": "yes", "pie": "yes", "rpath": "no", "runpath": "no",
         "symbols": "no", "fortify_source": "yes"}
    for f in findings:
        c, e = f["check"], f.get("evidence", {})
        if c == "hardening.relro":
            v["relro"] = "partial" if e.get("relro") == "partial" else "no"
        elif c == "hardening.no-stack-canary":
            v["canary"] = "undetermined" if e.get("determined") is False else "no"
        elif c == "hardening.executable-stack":
            v["nx"] = "no"
        elif c == "hardening.no-pie":
            v["pie"] = "no"
        elif c == "hardening.unsafe-rpath":
            d = e.get("dynamic", "")
            if "DT_RPATH=" in d:
                v["rpath"] = "yes"
            if "DT_RUNPATH=" in d:
                v["runpath"] = "yes"
        elif c == "hardening.not-stripped":
            v["symbols"] = "yes"
        elif c == "hardening.no-fortify":
            v["fortify_source"] = "no"
    return v


def checksec_verdicts(c):
    pie = c.get("pie", "")
    return {"relro": c.get("relro"), "canary": c.get("canary"), "nx": c.get("nx"),
            "pie": "no" if pie == "no" else "yes", "rpath": c.get("rpath"), "runpath": c.get("runpath"),
            "symbols": c.get("symbols"), "fortify_source": c.get("fortify_source")}


def classify(prop, path, cs, ms, raw):
    """Names the disagreement class; the readelf evidence below each entry shows who is right."""
    if prop == "fortify_source" and cs == "no" and ms == "yes":
        return "fortify: nothing fortifiable (checksec 'no' with fortify-able=%s; medsec reports only when " \
               "fortifiable calls exist)" % raw.get("fortify-able")
    if prop == "fortify_source" and cs == "yes" and ms == "no":
        if defines_checked(path):
            return "fortify: the file defines the __*_chk functions (a C library) and imports none; checksec " \
                   "counts the definitions, medsec counts calls"
        return "fortify: checksec yes, medsec no"
    if prop == "canary" and cs == "yes" and ms == "no" and defines_guard(path):
        return "canary: the file defines __stack_chk_guard (the loader initialises it); checksec counts the " \
               "definition, medsec looks for imports or calls of the handler"
    if prop == "canary" and ms == "undetermined":
        return "canary: static and stripped; medsec reports 'not determined' (info), checksec 'no'"
    if prop == "canary" and cs == "no" and ms == "yes":
        return "canary: checksec no, medsec yes"
    if prop == "relro":
        return "relro: checksec %s, medsec %s" % (cs, ms)
    return "%s: checksec %s, medsec %s" % (prop, cs, ms)


def dyn_symbols(path):
    try:
        return subprocess.run(["readelf", "--dyn-syms", "-W", tree + path], capture_output=True, text=True,
                              timeout=30).stdout.splitlines()
    except Exception:  # noqa: BLE001 - evidence only
        return []


def defines_checked(path):
    return any("_chk" in l and " UND " not in l and "FUNC" in l for l in dyn_symbols(path))


def defines_guard(path):
    return any("__stack_chk_guard" in l and " UND " not in l for l in dyn_symbols(path))


def readelf(path, prop):
    host = tree + path
    opts = {"relro": ["-lW", "-d"], "nx": ["-lW"], "pie": ["-hW", "-d"], "canary": ["-lW", "-d", "-SW", "--dyn-syms"],
            "fortify_source": ["--dyn-syms", "-W"], "rpath": ["-d"], "runpath": ["-d"], "symbols": ["-SW"]}
    try:
        text = subprocess.run(["readelf"] + opts.get(prop, ["-h"]) + [host], capture_output=True, text=True,
                              timeout=30).stdout
    except Exception as e:  # noqa: BLE001 - evidence only
        return str(e)
    keep = {"relro": ("GNU_RELRO", "BIND_NOW", "FLAGS"), "nx": ("GNU_STACK",), "pie": ("Type:", "FLAGS_1", "DEBUG"),
            "canary": ("stack_chk", "INTERP", "NEEDED", "FLAGS_1", "symtab", "Type:"), "fortify_source": ("_chk", "memcpy", "strcpy", "printf"),
            "rpath": ("RPATH",), "runpath": ("RUNPATH",), "symbols": ("symtab",)}.get(prop, ("",))
    if prop == "fortify_source" and defines_checked(path):
        defined = sorted({l.split()[7].split("@")[0] for l in text.splitlines()
                          if "_chk" in l and " UND " not in l and "FUNC" in l and len(l.split()) >= 8})
        und = [l.split()[7].split("@")[0] for l in text.splitlines()
               if " UND " in l and len(l.split()) >= 8 and "FUNC" in l]
        return "defines %d checked functions (%s ...); imports %d functions, none of them checked" % (
            len(defined), " ".join(defined[:4]), len(und))
    if prop == "fortify_source":
        und = sorted({l.split()[7].split("@")[0] for l in text.splitlines()
                      if " UND " in l and len(l.split()) >= 8 and "FUNC" in l})
        return "%d imported functions, none fortifiable: %s" % (len(und), " ".join(und[:14]) + (
            " ..." if len(und) > 14 else ""))
    lines = [l.strip() for l in text.splitlines() if any(k in l for k in keep)]
    return "\n      ".join(lines[:12]) or "(no matching readelf lines)"


checksec = load_checksec(checksec_json)
medsec, facts = load_medsec(medsec_json)
n = len(checksec)
print("ELF files compared: %d (medsec facts for %d of them)" % (n, sum(1 for p in checksec if p in facts)))


def compare(title, verdicts_of, out):
    agree = collections.Counter()
    applicable = collections.Counter()   # fortify pairs where checksec itself counts a fortifiable function
    applicable_agree = collections.Counter()
    classes = collections.defaultdict(list)
    for path, raw in sorted(checksec.items()):
        cs = checksec_verdicts(raw)
        ms = verdicts_of(path)
        fortifiable = int(raw.get("fortify-able", "0") or 0) > 0
        for p in PROPS:
            if p == "fortify_source" and fortifiable:
                applicable[p] += 1
                applicable_agree[p] += cs[p] == ms[p]
            if cs[p] == ms[p]:
                agree[p] += 1
            else:
                classes[classify(p, path, cs[p], ms[p], raw)].append((p, path))
    print()
    print("== %s" % title)
    print("%-16s %8s %8s" % ("property", "agree", "%"))
    total_agree = 0
    for p in PROPS:
        total_agree += agree[p]
        print("%-16s %8d %7.2f%%" % (p, agree[p], 100.0 * agree[p] / n if n else 0))
    print("%-16s %8d %7.2f%%" % ("all pairs", total_agree, 100.0 * total_agree / (n * len(PROPS)) if n else 0))
    for p in applicable:
        print("%-16s %8d %7.2f%%  (of %d files with at least one fortifiable call)" % (
            p + "*", applicable_agree[p], 100.0 * applicable_agree[p] / applicable[p], applicable[p]))
    print("disagreement classes:")
    out.write("######## %s\n" % title)
    for cls, items in sorted(classes.items(), key=lambda kv: -len(kv[1])):
        print("  %5d  %s" % (len(items), cls))
        out.write("== %s (%d)\n" % (cls, len(items)))
        for p, path in items[:15]:
            out.write("  %s\n      %s\n" % (path, readelf(path, p)))
        if len(items) > 15:
            out.write("  ... %d more\n" % (len(items) - 15))


def compare_fortified_counts():
    """checksec's own "fortified" count (checked functions in --dyn-syms) against medsec's fortify.fortified."""
    same = 0
    same_chk = 0
    differ = collections.Counter()
    for path, raw in checksec.items():
        f = facts.get(path, {}).get("fortify", {})
        m = f.get("fortified", -1)
        # checksec counts only names ending in _chk; the __open_2 family is fortified too but named otherwise
        m_chk = sum(1 for x in f.get("fortifiedFunctions", []) if x.endswith("_chk")) if f else -1
        c = int(raw.get("fortified", "0") or 0)
        same += c == m
        same_chk += c == m_chk
        if c != m_chk:
            differ["checksec %d, medsec %d (%s)" % (c, m_chk, path)] += 1
    print()
    print("fortified count (distinct checked functions): equal for %d of %d files (%.2f%%); counting only "
          "*_chk names as checksec does: %d (%.2f%%)" % (same, n, 100.0 * same / n if n else 0, same_chk,
                                                       100.0 * same_chk / n if n else 0))
    for k, v in differ.most_common(10):
        print("  %5d  %s" % (v, k))


with open(out_txt, "w", encoding="utf-8") as out:
    compare("FACTS: checksec vs medsec's report section 'hardening'", lambda p: medsec_facts(facts.get(p)), out)
    compare_fortified_counts()
    compare("JUDGEMENT: checksec vs medsec's findings", lambda p: medsec_verdicts(medsec.get(p, [])), out)
