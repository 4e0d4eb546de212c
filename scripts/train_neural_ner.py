"""Train the neural NER tagger (char-CNN + embeddings + sparse signals → BiLSTM → CRF) → resources/ner-neural.onnx.

    python scripts/train_neural_ner.py [--no-save] [--cv 5] [--hidden 100] [--max-epochs 30]

Same data and split as scripts/train_ner.py (the feature CRF), so the figures compare:
1. Dev estimate: train on the first 90% of ANERcorp's train split, evaluate on the last 10% (entity-level,
   conlleval rules). Early stopping looks only at a slice of the training 90% (its last 10%), never at dev.
2. Optionally k-fold cross-validation over the whole train split (contiguous folds, the CRF's folds).
3. The shipped model is trained on the whole train split for the number of epochs early stopping chose in 1,
   exported to ONNX (dynamic batch and length axes) and checked against torch; its vocabularies, labels and CRF
   transition scores go to resources/ner-neural.json, the figures to resources/ner-neural.report.json and
   bench/results/ner-neural.json. Dev figures are computed with the run-time code (khabar.entities.neural,
   onnxruntime) on the exported dev model.

Inputs: word2vec stem vectors from build/nner/stems.w2v (scripts/pretrain_embeddings.py, run first by
`make model`), the gazetteer, clusters and lexicons the CRF uses. Deterministic and single-threaded: fixed seeds,
torch.set_num_threads(1), deterministic algorithms, a fixed batch order.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from ner_corpora import load_extra  # noqa: E402

from khabar.entities.conll import Sentence, contiguous_folds, read_conll, score  # noqa: E402
from khabar.entities.neural import (  # noqa: E402
    FIELDS,
    MAX_CHARS,
    ONNX_NAME,
    VOCAB_NAME,
    WEIGHTS_NAME,
    Encoder,
    batch_arrays,
    gazetteer_tags,
    token_strings,
    viterbi,
)
from khabar.entities.words import analyze_sentence  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EMB = ROOT / "build" / "nner" / "stems.w2v"
# embedding width per categorical field (the stem's comes from word2vec)
DIMS = {"norm": 50, "clitics": 8, "shape": 4, "c64": 8, "c256": 16, "c1024": 16, "gaz": 8, "flags": 8}


def load_w2v(path: Path, limit: int) -> tuple[list[str], np.ndarray]:
    words, rows = [], []
    with path.open(encoding="utf-8") as fh:
        n, dim = map(int, fh.readline().split())
        for line in fh:
            if len(words) >= limit:
                break
            parts = line.rstrip("\n").split(" ")
            words.append(parts[0])
            rows.append(np.array(parts[1:], dtype=np.float32))
    return words, np.stack(rows)


def build_vocab(sents: list[Sentence], stems: list[str], min_norm: int) -> tuple[dict, list[str]]:
    counts = {f: Counter() for f in FIELDS}
    chars: Counter = Counter()
    for s in sents:
        words = analyze_sentence([t for t, _ in s])
        for w, g in zip(words, gazetteer_tags([w.stem for w in words]), strict=True):
            for f, v in zip(FIELDS, token_strings(w), strict=True):
                counts[f][v] += 1
            counts["gaz"][g] += 1
            chars.update(w.stem[:MAX_CHARS])
    vocab = {}
    for f in FIELDS:
        if f == "stem":
            vocab[f] = ["<pad>", "<unk>"] + stems
        else:
            keep = min_norm if f == "norm" else 1
            vocab[f] = ["<pad>", "<unk>"] + sorted(v for v, c in counts[f].items() if c >= keep)
    return vocab, ["<pad>", "<unk>"] + sorted(c for c, n in chars.items() if n >= 2)


def allowed(labels: list[str]) -> np.ndarray:
    """BIO constraints: allowed[i, j] is False where label j cannot follow label i."""
    n = len(labels)
    ok = np.ones((n, n), dtype=bool)
    for j, b in enumerate(labels):
        if b.startswith("I-"):
            for i, a in enumerate(labels):
                ok[i, j] = a[2:] == b[2:] and a != "O"
    return ok


def make_net(vocab, chars, labels, stem_vectors, hidden, proj=0, char_filters=50, char_dim=24):
    import torch
    from torch import nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            pre = np.zeros((len(vocab["stem"]), stem_vectors.shape[1]), dtype=np.float32)
            pre[2:] = stem_vectors
            self.stem = nn.Embedding.from_pretrained(torch.from_numpy(pre), freeze=True, padding_idx=0)
            self.embs = nn.ModuleList(nn.Embedding(len(vocab[f]), DIMS[f], padding_idx=0) for f in FIELDS[1:])
            self.char = nn.Embedding(len(chars), char_dim, padding_idx=0)
            self.conv = nn.Conv1d(char_dim, char_filters, 3, padding=1)
            width = stem_vectors.shape[1] + sum(DIMS[f] for f in FIELDS[1:]) + char_filters
            self.drop_in = nn.Dropout(0.5)
            # a linear bottleneck before the BiLSTM keeps run-time cost low
            self.proj = nn.Linear(width, proj) if proj else None
            width = proj or width
            self.fwd = nn.LSTM(width, hidden, batch_first=True)
            self.bwd = nn.LSTM(width, hidden, batch_first=True)
            self.drop_out = nn.Dropout(0.3)
            self.out = nn.Linear(2 * hidden, len(labels))
            n = len(labels)
            self.trans = nn.Parameter(torch.zeros(n, n))
            self.start = nn.Parameter(torch.zeros(n))
            self.end = nn.Parameter(torch.zeros(n))
            ok = allowed(labels)
            self.register_buffer("trans_mask", torch.from_numpy(np.where(ok, 0.0, -1e4).astype(np.float32)))
            start_ok = np.array([0.0 if not lab.startswith("I-") else -1e4 for lab in labels], dtype=np.float32)
            self.register_buffer("start_mask", torch.from_numpy(start_ok))

        def forward(self, ids, chars_, rev):
            parts = [self.stem(ids[:, :, 0])] + [e(ids[:, :, k + 1]) for k, e in enumerate(self.embs)]
            b, t = ids.shape[0], ids.shape[1]
            c = self.char(chars_.reshape(-1, MAX_CHARS)).transpose(1, 2)
            c = torch.relu(self.conv(c)).max(dim=2).values.reshape(b, t, -1)
            x = self.drop_in(torch.cat(parts + [c], dim=2))
            if self.proj is not None:
                x = self.proj(x)
            h1, _ = self.fwd(x)
            idx = rev.unsqueeze(2)
            xr = torch.gather(x, 1, idx.expand(-1, -1, x.shape[2]))
            h2, _ = self.bwd(xr)
            h2 = torch.gather(h2, 1, idx.expand(-1, -1, h2.shape[2]))
            return self.out(self.drop_out(torch.cat([h1, h2], dim=2)))

        def crf(self):
            return self.trans + self.trans_mask, self.start + self.start_mask, self.end

        def nll(self, em, tags, lengths):
            trans, start, end = self.crf()
            b, t, _ = em.shape
            mask = (torch.arange(t)[None, :] < lengths[:, None]).float()
            gold = start[tags[:, 0]] + (em.gather(2, tags.unsqueeze(2)).squeeze(2) * mask).sum(1)
            gold = gold + (trans[tags[:, :-1], tags[:, 1:]] * mask[:, 1:]).sum(1)
            gold = gold + end[tags.gather(1, (lengths - 1).unsqueeze(1)).squeeze(1)]
            alpha = start[None, :] + em[:, 0]
            for i in range(1, t):
                nxt = torch.logsumexp(alpha.unsqueeze(2) + trans.unsqueeze(0), dim=1) + em[:, i]
                alpha = torch.where(mask[:, i:i + 1] > 0, nxt, alpha)
            return (torch.logsumexp(alpha + end[None, :], dim=1) - gold).sum()

    return Net()


def repair(tags: list[str]) -> list[str]:
    """conlleval's reading of invalid BIO: an I-X after O or another type starts an entity (B-X)."""
    out, prev = [], "O"
    for lab in tags:
        if lab.startswith("I-") and prev[2:] != lab[2:]:
            lab = "B-" + lab[2:]
        out.append(lab)
        prev = lab
    return out


def encode_all(enc: Encoder, sents: list[Sentence], labels: list[str]):
    index = {lab: i for i, lab in enumerate(labels)}
    out = []
    for s in sents:
        ids, chars = enc.sentence(analyze_sentence([t for t, _ in s]))
        tags = repair([lab or "O" for _, lab in s])
        out.append((ids, chars, np.array([index.get(lab, index["O"]) for lab in tags], dtype=np.int64)))
    return out


def batches(data, size, rng: random.Random | None):
    """Batches of sentences of similar length (sorted, then chunked; chunk order shuffled when rng is given)."""
    order = sorted(range(len(data)), key=lambda i: len(data[i][0]))
    chunks = [order[k:k + size] for k in range(0, len(order), size)]
    if rng is not None:
        rng.shuffle(chunks)
    return chunks


def predict(net, data, labels) -> list[list[str]]:
    import torch

    net.eval()
    trans, start, end = (p.detach().numpy() for p in net.crf())
    pred: list[list[str]] = [[] for _ in data]
    with torch.no_grad():
        for chunk in batches(data, 64, None):
            ids, chars, rev, lengths = batch_arrays([(data[i][0], data[i][1]) for i in chunk])
            em = net(torch.from_numpy(ids), torch.from_numpy(chars), torch.from_numpy(rev)).numpy()
            for i, path in zip(chunk, viterbi(em, lengths, trans, start, end), strict=True):
                pred[i] = [labels[p] for p in path]
    return pred


def f1_of(gold_sents: list[Sentence], pred) -> dict:
    gold = [[lab or "O" for _, lab in s] for s in gold_sents]
    sc = score(gold, pred)
    return {"f1": round(sc["ALL"].f1, 4), "precision": round(sc["ALL"].precision, 4),
            "recall": round(sc["ALL"].recall, 4), "by_type": {k: round(v.f1, 4) for k, v in sc.items() if k != "ALL"}}


def fit(train_sents, stop_sents, vocab, chars, labels, vectors, args, epochs=None, log="", extra=()):
    """Train; with stop_sents, keep the weights of the best epoch on them (patience args.patience)."""
    import torch

    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    enc = Encoder(vocab, chars)
    data = encode_all(enc, train_sents, labels)
    stop = encode_all(enc, stop_sents, labels) if stop_sents else None
    net = make_net(vocab, chars, labels, vectors, args.hidden, args.proj, args.char_filters)
    opt = torch.optim.Adam([p for p in net.parameters() if p.requires_grad], lr=args.lr)
    best, best_epoch, best_state, t0 = -1.0, 0, None, time.time()
    if extra:  # pre-training on the Wikipedia-domain corpora, then fine-tuning on ANERcorp
        pre = encode_all(enc, extra, labels)
        for epoch in range(1, args.extra_epochs + 1):
            net.train()
            _epoch(net, opt, pre, args, rng)
            print(f"{log}pre-training epoch {epoch} ({time.time() - t0:.0f} s)", flush=True)
    n_epochs = epochs or args.max_epochs
    for epoch in range(1, n_epochs + 1):
        net.train()
        total = _epoch(net, opt, data, args, rng)
        msg = f"{log}epoch {epoch}: loss {total / len(data):.3f} ({time.time() - t0:.0f} s)"
        if stop is not None:
            f = f1_of(stop_sents, predict(net, stop, labels))["f1"]
            msg += f", stop-slice F1 {f:.4f}"
            if f > best:
                best, best_epoch = f, epoch
                best_state = {k: v.clone() for k, v in net.state_dict().items()}
            elif epoch - best_epoch >= args.patience:
                print(msg, flush=True)
                break
        print(msg, flush=True)
    if best_state is not None:
        net.load_state_dict(best_state)
    else:
        best_epoch = n_epochs
    return net, best_epoch, time.time() - t0


def _epoch(net, opt, data, args, rng) -> float:
    import torch

    total = 0.0
    for chunk in batches(data, args.batch, rng):
        ids, chrs, rev, lengths = batch_arrays([(data[i][0], data[i][1]) for i in chunk])
        tags = np.zeros(ids.shape[:2], dtype=np.int64)
        for k, i in enumerate(chunk):
            tags[k, :len(data[i][2])] = data[i][2]
        ids_t = torch.from_numpy(ids)
        if args.word_dropout:
            drop = torch.rand(ids_t.shape[:2]) < args.word_dropout
            ids_t[:, :, 0] = torch.where(drop & (ids_t[:, :, 0] > 0), 1, ids_t[:, :, 0])
            ids_t[:, :, 1] = torch.where(drop & (ids_t[:, :, 1] > 0), 1, ids_t[:, :, 1])
        em = net(ids_t, torch.from_numpy(chrs), torch.from_numpy(rev))
        loss = net.nll(em, torch.from_numpy(tags), torch.from_numpy(lengths))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
        opt.step()
        total += loss.item()
    return total


def word_encoder(net):
    """The per-word part of the network (embeddings, char-CNN, LSTM input weights of both directions) as a module
    for ONNX: ids [N, F] (gazetteer column ignored), chars [N, C] → gate pre-activations [N, 2, 4H]."""
    import torch
    from torch import nn

    gaz = FIELDS.index("gaz")

    class WordEncoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.net = net

        def forward(self, ids, chars_):
            n = self.net
            parts = [n.stem(ids[:, 0])] + [torch.zeros(ids.shape[0], e.embedding_dim) if k + 1 == gaz
                                          else e(ids[:, k + 1]) for k, e in enumerate(n.embs)]
            c = torch.relu(n.conv(n.char(chars_).transpose(1, 2))).max(dim=2).values
            x = torch.cat(parts + [c], dim=1)
            f = x @ n.fwd.weight_ih_l0.T + n.fwd.bias_ih_l0 + n.fwd.bias_hh_l0
            b = x @ n.bwd.weight_ih_l0.T + n.bwd.bias_ih_l0 + n.bwd.bias_hh_l0
            return torch.stack([f, b], dim=1)

    return WordEncoder()


def export(net, vocab, chars, labels, onnx_path: Path, meta_path: Path, weights_path: Path) -> None:
    import torch

    assert net.proj is None, "the run-time code has no bottleneck layer"
    net.eval()
    enc = word_encoder(net)
    ids = torch.ones((3, len(FIELDS)), dtype=torch.int64)
    chrs = torch.ones((3, MAX_CHARS), dtype=torch.int64)
    axes = {"ids": {0: "words"}, "chars": {0: "words"}, "gates": {0: "words"}}
    torch.onnx.export(enc, (ids, chrs), str(onnx_path), input_names=["ids", "chars"], output_names=["gates"],
                      dynamic_axes=axes, opset_version=17, dynamo=False)
    gaz = FIELDS.index("gaz")
    width_before = net.stem.embedding_dim + sum(DIMS[f] for f in FIELDS[1:gaz])
    with torch.no_grad():
        g = net.embs[gaz - 1].weight  # [n_gaz, 8]
        cols = slice(width_before, width_before + g.shape[1])
        gaz_gates = torch.stack([g @ net.fwd.weight_ih_l0[:, cols].T, g @ net.bwd.weight_ih_l0[:, cols].T])
        arrays = {"recurrent": torch.stack([net.fwd.weight_hh_l0, net.bwd.weight_hh_l0]).numpy(),
                  "gaz_gates": gaz_gates.numpy(), "out_w": net.out.weight.numpy(), "out_b": net.out.bias.numpy()}
    with weights_path.open("wb") as fh:
        np.savez(fh, **arrays)
    trans, start, end = (p.detach().numpy().round(5).tolist() for p in net.crf())
    meta = {"labels": labels, "transitions": trans, "start": start, "end": end, "vocab": vocab, "chars": chars}
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def onnx_eval(stem: Path, sents: list[Sentence]) -> dict:
    """Dev figures and speed with the run-time code on the exported files stem.onnx / .json / .npz."""
    from khabar.entities.neural import load

    def fresh():
        return load(str(stem.with_suffix(".onnx")), stem.with_suffix(".json").read_text(encoding="utf-8"),
                    stem.with_suffix(".npz"))

    words = [analyze_sentence([t for t, _ in s]) for s in sents]
    pred = fresh().tag_many(words)
    tagger = fresh()  # timings with a cold per-word cache, CPU time of this (single-threaded) process
    t0 = time.process_time()
    for k in range(0, len(words), 25):
        tagger.tag_many(words[k:k + 25])
    batched = time.process_time() - t0
    tagger = fresh()
    t0 = time.process_time()
    for w in words:
        tagger.tag_words(w)
    single = time.process_time() - t0
    res = f1_of(sents, pred)
    res["sentences_per_second"] = {"one_sentence_per_call": round(len(sents) / single),
                                   "25_sentences_per_call": round(len(sents) / batched)}
    return res


def run_split(train_sents, test_sents, words, vectors, args, log="", extra=()):
    """Vocab from train_sents (+ extra), early stop on their last 10%, evaluate on test_sents with torch."""
    cut = int(len(train_sents) * 0.9)
    fit_part, stop_part = train_sents[:cut], train_sents[cut:]
    vocab, chars = build_vocab(train_sents + list(extra), words, args.min_norm)
    labels = sorted({lab or "O" for s in train_sents for _, lab in s})
    net, best_epoch, secs = fit(fit_part, stop_part, vocab, chars, labels, vectors, args, log=log, extra=extra)
    enc = Encoder(vocab, chars)
    res = f1_of(test_sents, predict(net, encode_all(enc, test_sents, labels), labels))
    return net, vocab, chars, labels, best_epoch, secs, res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", type=Path, default=SHARED / "data" / "anercorp" / "train.txt")
    ap.add_argument("--embeddings", type=Path, default=EMB)
    ap.add_argument("--max-stems", type=int, default=40_000, help="most frequent pre-trained stems kept")
    ap.add_argument("--min-norm", type=int, default=2, help="surface forms seen fewer times are <unk>")
    ap.add_argument("--hidden", type=int, default=100)
    ap.add_argument("--proj", type=int, default=0, help="width of a linear bottleneck before the BiLSTM (0: none)")
    ap.add_argument("--char-filters", type=int, default=50)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--word-dropout", type=float, default=0.05)
    ap.add_argument("--max-epochs", type=int, default=30)
    ap.add_argument("--patience", type=int, default=5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--cv", type=int, default=0)
    ap.add_argument("--extra", action="append", default=[], help="pre-train on shared/data/ner-extra/NAME first "
                    "(aqmar, wikifane)")
    ap.add_argument("--extra-epochs", type=int, default=3)
    ap.add_argument("--no-save", action="store_true")
    ap.add_argument("--work", type=Path, default=ROOT / "build" / "nner" / "dev",
                    help="where the dev model goes (.onnx, .json, .npz)")
    args = ap.parse_args()
    import torch

    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    torch.use_deterministic_algorithms(True)
    if not args.train.exists() or not args.embeddings.exists():
        print(f"missing {args.train} or {args.embeddings} (run scripts/pretrain_embeddings.py)", file=sys.stderr)
        return 1
    words, vectors = load_w2v(args.embeddings, args.max_stems)
    sents = read_conll(args.train)
    cut = int(len(sents) * 0.9)
    train_part, dev = sents[:cut], sents[cut:]
    report: dict = {"settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
                    "train_sentences": len(sents), "dev_sentences": len(dev)}
    extra = [s for name in args.extra for s in load_extra(name)]
    report["extra_sentences"] = len(extra)
    net, vocab, chars, labels, best_epoch, secs, res = run_split(train_part, dev, words, vectors, args, extra=extra)
    work = args.work
    work.parent.mkdir(parents=True, exist_ok=True)
    export(net, vocab, chars, labels, work.with_suffix(".onnx"), work.with_suffix(".json"), work.with_suffix(".npz"))
    dev_res = onnx_eval(work, dev)
    assert abs(dev_res["f1"] - res["f1"]) < 0.005, (dev_res, res)  # onnxruntime path agrees with torch
    report["dev"] = dict(dev_res, best_epoch=best_epoch, train_seconds=round(secs))
    print(f"dev (last {len(dev)} sentences): F1 {dev_res['f1']:.4f} P {dev_res['precision']:.4f} "
          f"R {dev_res['recall']:.4f} {dev_res['by_type']} [best epoch {best_epoch}, trained in {secs:.0f} s; "
          f"{dev_res['sentences_per_second']} sentences/s]", flush=True)
    if args.cv:
        folds = []
        for k, (fit, held) in enumerate(contiguous_folds(sents, args.cv)):
            *_, r = run_split(fit, held, words, vectors, args, log=f"  fold {k + 1} ", extra=extra)
            folds.append(r["f1"])
            print(f"  fold {k + 1}/{args.cv}: F1 {r['f1']:.4f}", flush=True)
        report["cv"] = {"k": args.cv, "folds": folds, "mean_f1": round(sum(folds) / len(folds), 4)}
        print(f"{args.cv}-fold CV: mean F1 {report['cv']['mean_f1']:.4f}")
    if not args.no_save:
        vocab, chars = build_vocab(sents + extra, words, args.min_norm)
        net, _, secs = fit(sents, None, vocab, chars, labels, vectors, args, epochs=best_epoch, log="final ",
                           extra=extra)
        res_dir = ROOT / "khabar" / "resources"
        export(net, vocab, chars, labels, res_dir / ONNX_NAME, res_dir / VOCAB_NAME, res_dir / WEIGHTS_NAME)
        report["model"] = {"epochs": best_epoch, "train_seconds": round(secs),
                           "bytes": {n: (res_dir / n).stat().st_size for n in (ONNX_NAME, VOCAB_NAME, WEIGHTS_NAME)}}
        print(f"model trained on all {len(sents)} sentences ({best_epoch} epochs, {secs:.0f} s) -> "
              f"{res_dir / ONNX_NAME} ({report['model']['bytes'][ONNX_NAME] / 1e6:.1f} MB)")
        (res_dir / "ner-neural.report.json").write_text(json.dumps(report, indent=2) + "\n")
    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "results" / "ner-neural.json").write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
