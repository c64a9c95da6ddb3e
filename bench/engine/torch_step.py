"""PyTorch CPU timing server for bench/engine: builds the benchmark model from the JSON config in
argv[1] and, for each line "N" on stdin, runs N training steps (forward + backward + AdamW) and
prints {"seconds", "loss", "maxrss_kb"} as one JSON line, so the TypeScript bench can interleave
its own repetitions with PyTorch's in one run."""
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
B, T, V = cfg['batch'], cfg['seq'], cfg['model']['vocabSize']
g = torch.Generator().manual_seed(1)
data = torch.randint(0, V, (B, T + 1), generator=g)
x, y = data[:, :-1], data[:, 1:].int()


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
