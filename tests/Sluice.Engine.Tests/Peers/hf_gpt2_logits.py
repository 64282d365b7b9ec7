"""Reference forward pass of a Hugging Face GPT-2 export, independent of the Sluice engine.

Reads model.safetensors (parsed here from the format's spec) and config.json the way transformers' GPT2LMHeadModel
interprets them: Conv1D layers compute x @ W + b with W stored [in, out], gelu_new, and lm_head tied to wte unless
lm_head.weight is present. Prints the logits for the given tokens as comma-separated floats.

usage: hf_gpt2_logits.py EXPORT_DIR BATCH TOKENS(comma-separated)
"""
import json
import math
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F


def load_safetensors(path):
    raw = open(path, "rb").read()
    (size,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + size])
    base = 8 + size
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", name
        begin, end = info["data_offsets"]
        array = np.frombuffer(raw[base + begin:base + end], dtype="<f4").reshape(info["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors


def main():
    folder, batch, tokens = sys.argv[1], int(sys.argv[2]), [int(t) for t in sys.argv[3].split(",")]
    cfg = json.load(open(f"{folder}/config.json"))
    w = load_safetensors(f"{folder}/model.safetensors")
    C, H, eps = cfg["n_embd"], cfg["n_head"], cfg["layer_norm_epsilon"]
    idx = torch.tensor(tokens, dtype=torch.long).view(batch, -1)
    B, T = idx.shape

    def conv1d(x, prefix):
        return x @ w[prefix + ".weight"] + w[prefix + ".bias"]

    x = w["transformer.wte.weight"][idx] + w["transformer.wpe.weight"][torch.arange(T)]
    mask = torch.tril(torch.ones(T, T, dtype=torch.bool))
    for i in range(cfg["n_layer"]):
        p = f"transformer.h.{i}."
        h = F.layer_norm(x, (C,), w[p + "ln_1.weight"], w[p + "ln_1.bias"], eps)
        q, k, v = conv1d(h, p + "attn.c_attn").split(C, dim=2)
        q, k, v = (t.view(B, T, H, C // H).transpose(1, 2) for t in (q, k, v))
        att = (q @ k.transpose(-1, -2)) / math.sqrt(C // H)
        att = att.masked_fill(~mask, float("-inf")).softmax(-1)
        y = (att @ v).transpose(1, 2).reshape(B, T, C)
        x = x + conv1d(y, p + "attn.c_proj")
        h = F.layer_norm(x, (C,), w[p + "ln_2.weight"], w[p + "ln_2.bias"], eps)
        h = conv1d(h, p + "mlp.c_fc")
        h = 0.5 * h * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (h + 0.044715 * torch.pow(h, 3.0))))
        x = x + conv1d(h, p + "mlp.c_proj")
    x = F.layer_norm(x, (C,), w["transformer.ln_f.weight"], w["transformer.ln_f.bias"], eps)
    head = w["lm_head.weight"] if "lm_head.weight" in w else w["transformer.wte.weight"]
    logits = x @ head.T
    print(",".join(repr(float(v)) for v in logits.reshape(-1).tolist()))


if __name__ == "__main__":
    main()
