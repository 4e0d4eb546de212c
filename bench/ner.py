"""NER speed and quality figures.

    python bench/ner.py

Quality: the held-out figures that scripts/train_ner.py recorded when it built the shipped model (dev = last 10%
of ANERcorp train, trained on the rest; k-fold CV when it was run with --cv), and the gold-file scores of the
pipeline (entities; tests/gold and shared/gold). Speed: model load time and tagging sentences/second on one core
over the ANERcorp train sentences (features included). Writes bench/results/ner_speed.json.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ARTICLE = 25


def _fresh(tagger):
    """The same model with empty per-word caches, so that both timings start cold."""
    from khabar.entities.ner import default_tagger

    default_tagger.cache_clear()
    return default_tagger()


def main() -> None:
    t0 = time.perf_counter()
    from khabar.entities.ner import default_tagger

    tagger = default_tagger()
    tagger.tag(["تجربة"])  # gazetteer, clusters and lexicons load on first use
    load = time.perf_counter() - t0
    neural = type(tagger).__name__ == "NeuralTagger"
    report_name = "ner-neural.report.json" if neural else "ner.json"
    report = json.loads((ROOT / "khabar" / "resources" / report_name).read_text())
    out = {"model": "neural (onnxruntime)" if neural else "crf", "model_load_seconds": round(load, 3),
           "training_report": report}
    train = SHARED / "data" / "anercorp" / "train.txt"
    if train.exists():
        from khabar.entities.conll import read_conll
        from khabar.entities.words import analyze

        sents = [[t for t, _ in s] for s in read_conll(train)]
        analyze.cache_clear()
        t0 = time.perf_counter()
        for s in sents:
            tagger.tag(s)
        secs = time.perf_counter() - t0
        out["tagging"] = {"sentences": len(sents), "tokens": sum(map(len, sents)), "seconds": round(secs, 3),
                          "sentences_per_second": round(len(sents) / secs)}
        # as the pipeline calls it: one article (here: 25 consecutive sentences) per tag_many call
        tagger = _fresh(tagger)
        analyze.cache_clear()
        t0 = time.perf_counter()
        for k in range(0, len(sents), ARTICLE):
            tagger.tag_many([[analyze(t) for t in s] for s in sents[k:k + ARTICLE]])
        secs = time.perf_counter() - t0
        out["tagging_by_article"] = {"sentences_per_call": ARTICLE, "seconds": round(secs, 3),
                                     "sentences_per_second": round(len(sents) / secs)}
    for gold_dir in (SHARED / "gold", ROOT / "tests" / "gold"):
        if gold_dir.is_dir() and any(gold_dir.glob("*.json")):
            res = subprocess.run([sys.executable, "-m", "khabar.cli", "eval", "gold", str(gold_dir), "--format",
                                  "json"], capture_output=True, text=True, cwd=ROOT)
            if res.returncode == 0:
                out[f"gold:{gold_dir.relative_to(gold_dir.parent.parent)}"] = json.loads(res.stdout)["total"]
    dev = report["dev"]
    print(f"model: {out['model']}")
    print(f"dev F1 {dev['f1']:.4f} (P {dev['precision']:.4f} R {dev['recall']:.4f}) {dev['by_type']}")
    if "cv" in report:
        print(f"{report['cv']['k']}-fold CV mean F1 {report['cv']['mean_f1']:.4f}")
    print(f"model load {load:.2f} s")
    if "tagging" in out:
        t = out["tagging"]
        print(f"tagging {t['sentences_per_second']} sentences/s ({t['tokens'] / t['seconds']:.0f} tokens/s), one core, "
              f"one sentence per call; {out['tagging_by_article']['sentences_per_second']} sentences/s "
              f"{ARTICLE} sentences per call")
    for k, v in out.items():
        if k.startswith("gold:"):
            e = v["entities"]
            print(f"{k} entities P {e['precision']:.2f} R {e['recall']:.2f} F1 {e['f1']:.2f}")
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "ner_speed.json").write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
