#!/usr/bin/env python3
"""Generates N NVD CVE API 2.0 records for the import benchmark FROM THE REAL SHARED RECORDS: each generated
record is a real record with a new id (CVE-2100-NNNNNNN) and its vulnerable products renamed product_gK
(K = index modulo --products), so the candidate index has realistic spread. Written as NVD feed files wrapped as
{"vulnerabilities":[{"cve":...}]}, --per-file records each. Usage: generate-nvd.py VULNDATA_NVD_DIR OUT_DIR [N]"""
import json, os, pathlib, re, sys

src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
n = int(sys.argv[3]) if len(sys.argv) > 3 else 200_000
per_file, products = 20_000, 5_000
out.mkdir(parents=True, exist_ok=True)
templates = []
for p in sorted(src.rglob("*.json")):
    rec = json.loads(p.read_text())
    text = json.dumps(rec, separators=(",", ":"))
    vp = set()
    for conf in rec.get("configurations", []):
        for node in conf["nodes"]:
            for m in node["cpeMatch"]:
                if m["vulnerable"]:
                    f = m["criteria"].split(":")
                    vp.add((f[3], f[4]))
    templates.append((rec["id"], text, sorted(vp)))
written = 0
while written < n:
    path = out / f"nvdcve-2.0-generated-{written // per_file:03d}.json"
    with open(path, "w") as f:
        f.write('{"resultsPerPage":%d,"startIndex":%d,"totalResults":%d,"format":"NVD_CVE","version":"2.0",'
                '"vulnerabilities":[' % (per_file, written, n))
        for j in range(min(per_file, n - written)):
            i = written + j
            rid, text, vps = templates[i % len(templates)]
            t = text.replace('"id":"%s"' % rid, '"id":"CVE-2100-%07d"' % i, 1)
            k = i % products
            for v, pr in vps:
                t = t.replace(":%s:%s:" % (v, pr), ":%s:%s_g%d:" % (v, pr, k))
            f.write(("," if j else "") + '{"cve":' + t + "}")
        f.write("]}")
    written += min(per_file, n - written)
print(f"{written} records in {out} ({sum(p.stat().st_size for p in out.glob('*.json')) // 2**20} MiB)")
