"""Reads model.pt of a version 1 checkpoint (the libtorch 1.13 engine's torch::serialize::OutputArchive, a TorchScript
archive) with PyTorch, independently of the Sluice engine, and prints its tensors (state_dict) as one JSON object of flat lists.

usage: legacy_state.py MODEL_PT
"""
import json
import sys

import torch


def main():
    archive = torch.jit.load(sys.argv[1])
    print(json.dumps({name: value.reshape(-1).tolist() for name, value in archive.state_dict().items()}))


if __name__ == "__main__":
    main()
