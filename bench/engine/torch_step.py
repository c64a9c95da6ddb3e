"""PyTorch CPU timing server for bench/engine: builds the benchmark model from the JSON config in
argv[1] and, for each line "N" on stdin, runs N training steps (forward + backward + AdamW) and
prints {"seconds", "loss", "maxrss_kb"} as one JSON line, so the TypeScript bench can interleave
its own repetitions with PyTorch's in one run.

Two step shapes: the reference step (one batch [batch, seq] of random tokens), or, when the config
has "examples" (a list of {"frames", "tokens"}), the demo's SFT step: each example on its own
(batch 1, its frames through the encoder), its loss weighted 1/len(examples) and back-propagated,
then one AdamW update — what src/train/sft.ts does."""
import json
import os
import resource
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402

from torch_model import VideoLM  # noqa: E402

cfg = json.loads(sys.argv[1])
torch.set_num_threads(int(cfg['threads']))
torch.manual_seed(0)
model = VideoLM(cfg['model'])
opt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01)
V = cfg['model']['vocabSize']
g = torch.Generator().manual_seed(1)

if 'examples' in cfg:
    e = cfg['model']['encoder']
    h = e.get('imageHeight') or e['imageSize']
    data = []
    for ex in cfg['examples']:
        F, L = ex['frames'], ex['tokens']
        tok = torch.randint(0, V, (1, L), generator=g)
        frames = torch.rand((1, F, e['channels'], h, e['imageSize']), generator=g)
        P = (e['imageSize'] // e['patchSize']) * (h // e['patchSize'])
        tgt = torch.randint(0, V, (1, F * P + L), generator=g).int()
        tgt[:, : F * P + ex.get('prompt', 0)] = -1
        data.append((tok, tgt, frames))

    def step():
        opt.zero_grad(set_to_none=True)
        total = 0.0
        for tok, tgt, frames in data:
            loss = model.loss(tok, tgt, frames) / len(data)
            loss.backward()
            total += loss.item()
        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg['clip'])
        opt.step()
        return total
else:
    B, T = cfg['batch'], cfg['seq']
    d = torch.randint(0, V, (B, T + 1), generator=g)
    x, y = d[:, :-1], d[:, 1:].int()

    def step():
        loss = model.loss(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss.item()


print(json.dumps({'ready': True, 'torch': torch.__version__, 'threads': torch.get_num_threads()}), flush=True)
for line in sys.stdin:
    line = line.strip()
    if not line or line == 'quit':
        break
    t = time.perf_counter()
    loss = 0.0
    for _ in range(int(line)):
        loss = step()
    dt = time.perf_counter() - t
    print(json.dumps({'seconds': dt, 'loss': loss, 'maxrss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}), flush=True)
