"""PyTorch (Python) peer for the engine benchmark.

Builds the same GPT-2 model as the Sluice engine (same parameter order), loads the initial weights the benchmark
wrote (safetensors, parsed here from the format's spec), trains it with torch.optim.AdamW (decay on matrices only)
and torch.nn.utils.clip_grad_norm_ on the benchmark's batches, then times greedy generation (the whole window per
token, as transformers does without a cache), and prints one JSON line: per-step losses, wall and CPU seconds,
peak resident memory and generation speed, in the benchmark's WorkerResult shape.

usage: peer_train.py CONFIG_JSON BATCHES_FILE
"""
import json
import math
import resource
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def load_safetensors(path):
    raw = open(path, "rb").read()
    (size,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + size])
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", name
        begin, end = info["data_offsets"]
        array = np.frombuffer(raw[8 + size + begin:8 + size + end], dtype="<f4").reshape(info["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors


def build(cfg, generator):
    V, T, L, C = cfg["vocab"], cfg["context"], cfg["layers"], cfg["width"]
    std, residual_std = 0.02, 0.02 / math.sqrt(2.0 * L)
    params = []  # (name, tensor, decay) in the engine's order

    def normal(shape, s):
        return torch.empty(shape).normal_(0.0, s, generator=generator)

    def add(name, value, decay):
        value.requires_grad_(True)
        params.append((name, value, decay))
        return value

    m = {"wte": add("wte.weight", normal((V, C), std), True), "wpe": add("wpe.weight", normal((T, C), std), True), "h": []}
    for i in range(L):
        b = {}
        b["ln_1_w"] = add(f"h.{i}.ln_1.weight", torch.ones(C), False)
        b["ln_1_b"] = add(f"h.{i}.ln_1.bias", torch.zeros(C), False)
        b["attn_w"] = add(f"h.{i}.attn.c_attn.weight", normal((3 * C, C), std), True)
        b["attn_b"] = add(f"h.{i}.attn.c_attn.bias", torch.zeros(3 * C), False)
        b["proj_w"] = add(f"h.{i}.attn.c_proj.weight", normal((C, C), residual_std), True)
        b["proj_b"] = add(f"h.{i}.attn.c_proj.bias", torch.zeros(C), False)
        b["ln_2_w"] = add(f"h.{i}.ln_2.weight", torch.ones(C), False)
        b["ln_2_b"] = add(f"h.{i}.ln_2.bias", torch.zeros(C), False)
        b["fc_w"] = add(f"h.{i}.mlp.c_fc.weight", normal((4 * C, C), std), True)
        b["fc_b"] = add(f"h.{i}.mlp.c_fc.bias", torch.zeros(4 * C), False)
        b["fcp_w"] = add(f"h.{i}.mlp.c_proj.weight", normal((C, 4 * C), residual_std), True)
        b["fcp_b"] = add(f"h.{i}.mlp.c_proj.bias", torch.zeros(C), False)
        m["h"].append(b)
    m["ln_f_w"] = add("ln_f.weight", torch.ones(C), False)
    m["ln_f_b"] = add("ln_f.bias", torch.zeros(C), False)
    return m, params


def forward(m, cfg, idx):
    B, T = idx.shape
    C, H = cfg["width"], cfg["heads"]
    pos = torch.arange(T, dtype=torch.long)
    x = F.embedding(idx, m["wte"]) + F.embedding(pos, m["wpe"])
    future = torch.ones((T, T), dtype=torch.bool).triu(1)
    scale = 1.0 / math.sqrt(C // H)
    for b in m["h"]:
        h = F.layer_norm(x, (C,), b["ln_1_w"], b["ln_1_b"], 1e-5)
        q, k, v = F.linear(h, b["attn_w"], b["attn_b"]).split(C, 2)
        q = q.view(B, T, H, C // H).transpose(1, 2)
        k = k.view(B, T, H, C // H).transpose(1, 2)
        v = v.view(B, T, H, C // H).transpose(1, 2)
        scores = torch.matmul(q, k.transpose(-2, -1)) * scale
        scores = scores.masked_fill(future, float("-inf"))
        y = torch.matmul(torch.softmax(scores, -1), v).transpose(1, 2).contiguous().view(B, T, C)
        x = x + F.linear(y, b["proj_w"], b["proj_b"])
        h = F.layer_norm(x, (C,), b["ln_2_w"], b["ln_2_b"], 1e-5)
        h = F.gelu(F.linear(h, b["fc_w"], b["fc_b"]), approximate="tanh")
        x = x + F.linear(h, b["fcp_w"], b["fcp_b"])
    x = F.layer_norm(x, (C,), m["ln_f_w"], m["ln_f_b"], 1e-5)
    return F.linear(x, m["wte"])


def main():
    cfg = json.loads(open(sys.argv[1]).read())
    torch.set_num_threads(cfg["threads"])
    steps, accum, B, T = cfg["steps"], cfg["accumulation"], cfg["batch"], cfg["sequence"]
    everything = torch.from_numpy(np.fromfile(sys.argv[2], dtype=np.int32).astype(np.int64))
    batches = everything[:steps * accum * B * (T + 1)].view(steps, accum, B, T + 1)
    m, params = build(cfg, torch.Generator().manual_seed(0))
    initial = load_safetensors(cfg["init"])
    with torch.no_grad():
        for name, value, _ in params:
            value.copy_(initial[name])
    decay = [p for _, p, d in params if d]
    no_decay = [p for _, p, d in params if not d]
    optimizer = torch.optim.AdamW(
        [{"params": decay, "weight_decay": cfg["weight_decay"]}, {"params": no_decay, "weight_decay": 0.0}],
        lr=cfg["lr"], betas=(cfg["beta1"], cfg["beta2"]), eps=cfg["eps"], foreach=False)
    all_params = [p for _, p, _ in params]
    losses, seconds, cpu = [], [], []
    for step in range(steps):
        start = time.perf_counter()
        cpu_start = time.process_time()
        total = 0.0
        for micro in range(accum):
            tokens = batches[step, micro]
            logits = forward(m, cfg, tokens[:, :-1])
            loss = F.cross_entropy(logits.view(-1, logits.size(-1)), tokens[:, 1:].reshape(-1))
            (loss * (1.0 / accum)).backward()
            total += loss.item()
        torch.nn.utils.clip_grad_norm_(all_params, cfg["clip"])
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        seconds.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
        losses.append(total / accum)

    prompt = everything[:64].view(1, -1)
    with torch.no_grad():
        def generate(count):
            sequence = prompt
            for _ in range(count):
                window = sequence[:, -cfg["context"]:]
                nxt = forward(m, cfg, window)[0, -1].argmax().view(1, 1)
                sequence = torch.cat([sequence, nxt], 1)
            return sequence
        generate(1)
        start = time.perf_counter()
        generate(1)
        first = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        generate(128)
        rate = 128 / (time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"Losses": losses, "Seconds": seconds, "CpuSeconds": cpu, "PeakRssBytes": peak,
                      "TimeToFirstTokenMs": first, "GenerationTokensPerSecond": rate, "RssSamples": []}))


if __name__ == "__main__":
    main()
