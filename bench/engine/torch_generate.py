"""PyTorch twin of vreason's generation for bench/engine/generate.ts: eager PyTorch under
torch.inference_mode, its own KV-cache loop (caches preallocated per layer, written in place),
greedy decoding of a fixed number of tokens.

    python torch_generate.py <weights+prompts.safetensors>

The file holds the model's parameters (names of src/nn/model.ts), input.tokens [B, T] and
input.frames [B, F, C, H, W]; its metadata the model config. The prompts all have the same length,
so the prefill is one batched forward with no padding. Then, for each JSON line {"batch": b,
"tokens": n} on stdin, it generates n tokens for the first b prompts and prints {"seconds",
"tokens"} (the generated ids) as one JSON line.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from torch_model import VideoLM, read_safetensors  # noqa: E402

arrays, meta = read_safetensors(sys.argv[1])
c = json.loads(meta['config'])
torch.set_num_threads(int(meta['threads']))
model = VideoLM(c)
names = [k for k, _ in model.named_parameters()]
model.load_state_dict({k: torch.from_numpy(arrays[k]) for k in names}, strict=True)
model.eval()
TOKENS = torch.from_numpy(arrays['input.tokens']).long()
FRAMES = torch.from_numpy(arrays['input.frames']) if 'input.frames' in arrays else None
H = c['nHeads']
D = c['dModel']
hd = D // H


def heads(t, B, T):
    return t.view(B, T, H, hd).transpose(1, 2)


@torch.inference_mode()
def generate(B, n_new):
    tokens = TOKENS[:B]
    x = model.tok_emb(tokens)
    if FRAMES is not None:
        x = torch.cat([model.enc(FRAMES[:B]), x], dim=1)
    N = x.shape[1]
    x = x + model.pos_emb.weight[:N]
    cap = N + n_new
    caches = []
    for b in model.blocks:
        q, k, v = b.attn.qkv(b.ln1(x)).split(D, dim=2)
        q, k, v = heads(q, B, N), heads(k, B, N), heads(v, B, N)
        K = torch.empty(B, H, cap, hd)
        V = torch.empty(B, H, cap, hd)
        K[:, :, :N] = k
        V[:, :, :N] = v
        caches.append((K, V))
        a = F.scaled_dot_product_attention(q, k, v, is_causal=True).transpose(1, 2).reshape(B, N, D)
        x = x + b.attn.proj(a)
        x = x + b.mlp.out(F.gelu(b.mlp.fc(b.ln2(x)), approximate='tanh'))
    logits = model.head(model.ln_f(x[:, -1]))
    out = []
    for step in range(n_new):
        t = logits.argmax(dim=-1)
        out.append(t)
        if step == n_new - 1:
            break
        pos = N + step
        x = (model.tok_emb(t) + model.pos_emb.weight[pos])[:, None]
        for b, (K, V) in zip(model.blocks, caches):
            q, k, v = b.attn.qkv(b.ln1(x)).split(D, dim=2)
            K[:, :, pos] = k.view(B, H, hd)
            V[:, :, pos] = v.view(B, H, hd)
            a = F.scaled_dot_product_attention(heads(q, B, 1), K[:, :, : pos + 1], V[:, :, : pos + 1])
            x = x + b.attn.proj(a.transpose(1, 2).reshape(B, 1, D))
            x = x + b.mlp.out(F.gelu(b.mlp.fc(b.ln2(x)), approximate='tanh'))
        logits = model.head(model.ln_f(x[:, -1]))
    return torch.stack(out, dim=1)


print(json.dumps({'ready': True, 'torch': torch.__version__, 'threads': torch.get_num_threads()}), flush=True)
for line in sys.stdin:
    line = line.strip()
    if not line or line == 'quit':
        break
    req = json.loads(line)
    t0 = time.perf_counter()
    toks = generate(int(req['batch']), int(req['tokens']))
    dt = time.perf_counter() - t0
    print(json.dumps({'seconds': dt, 'tokens': toks.tolist()}), flush=True)
