"""Reference BLEU for the evaluation tests: NLTK's corpus_bleu over word lists given on standard input.

Input (JSON): a list of corpora, each {"hypotheses": [[word, ...], ...], "references": [[[word, ...], ...], ...]}.
Output: one line per corpus, NLTK's corpus BLEU (0-1, uniform weights over orders 1-4, no smoothing) as repr(float).
"""
import json
import sys

from nltk.translate.bleu_score import corpus_bleu

for corpus in json.load(sys.stdin):
    print(repr(corpus_bleu(corpus["references"], corpus["hypotheses"])))
