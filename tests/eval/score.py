#!/usr/bin/env python3
"""make eval: runs `netral patrol --all` over the labelled set and prints precision,
recall and F1 for `partisan`, per group, and the accuracy of account linking.

Usage: score.py NETRAL_BIN [--min-precision P --min-recall R] (exit 1 below the targets)
"""
import argparse
import collections
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("bin")
ap.add_argument("--min-precision", type=float, default=0)
ap.add_argument("--min-recall", type=float, default=0)
ap.add_argument("--show-errors", action="store_true")
a = ap.parse_args()

out = subprocess.run([a.bin, "patrol", "--election", f"{HERE}/election.json", "--roster", f"{HERE}/roster.csv",
                      "--all", f"{HERE}/items.jsonl"], capture_output=True, text=True, check=True)
pred = {}
for line in out.stdout.splitlines():
    d = json.loads(line)
    pred[d["id"]] = d
labels = [json.loads(l) for l in open(f"{HERE}/labels.jsonl")]
items = {json.loads(l)["id"]: json.loads(l) for l in open(f"{HERE}/items.jsonl")}

tp = fp = fn = 0
groups = collections.defaultdict(lambda: [0, 0])
errors = []
for lb in labels:
    p = pred.get(lb["id"], {"verdict": "missing"})
    is_p = p["verdict"] == "partisan"
    want = lb["label"] == "partisan"
    if is_p and want:
        tp += 1
    elif is_p and not want:
        fp += 1
        errors.append(("FP", lb, p))
    elif want and lb["explicit"]:
        fn += 1
        errors.append(("FN", lb, p))
    g = lb["group"].split("/")[0]
    groups[g][0] += 1
    groups[g][1] += (is_p == want) or (lb["label"] == "review" and p["verdict"] != "partisan")
precision = tp / (tp + fp) if tp + fp else 0.0
recall = tp / (tp + fn) if tp + fn else 0.0
f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

# linking: a link must be right; no link where the label expects none
links = collections.Counter()
wrong_links = 0
for lb in labels:
    p = pred[lb["id"]]
    got = p.get("nip")
    if got and got != lb["link"]:
        wrong_links += 1
        links["wrong"] += 1
    elif got == lb["link"]:
        links["right"] += 1
    else:
        links["missed"] += 1
n = len(labels)
print(f"evaluation set: {n} items ({sum(l['label'] == 'partisan' for l in labels)} partisan, "
      f"{sum(l['label'] != 'partisan' for l in labels)} not), election {json.load(open(HERE + '/election.json'))['id']}")
print(f"partisan: precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}   (tp {tp}, fp {fp}, fn {fn})")
for g, (total, ok) in sorted(groups.items()):
    print(f"  {g:20s} {ok:4d}/{total:<4d} right")
print(f"account linking: {links['right']}/{n} right ({links['right'] / n:.3f}), {links['missed']} missed "
      f"(left as suggestion or unlinked), {wrong_links} wrong links above the threshold")
if a.show_errors:
    for kind, lb, p in errors[:60]:
        print(kind, lb["group"], p.get("verdict"), p.get("score"), json.dumps(items[lb["id"]].get("text") or items[lb["id"]].get("target"), ensure_ascii=False)[:140],
              [r["rule"] for r in p.get("reasons", [])])
ok = precision >= a.min_precision and recall >= a.min_recall and wrong_links == 0
sys.exit(0 if ok else 1)
