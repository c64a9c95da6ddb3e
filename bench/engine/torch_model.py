"""The PyTorch twin of src/nn/model.ts (same parameter names, same maths), the yardstick for speed
and correctness. Also a minimal safetensors reader/writer with numpy, so only torch is needed.

    python torch_model.py check <in.safetensors> <out.safetensors>
reads weights + a batch (tokens, targets, optional frames; the model config in the metadata),
computes the loss and every parameter's gradient in float64, and writes them back.
"""
import json
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_safetensors(path):
    with open(path, 'rb') as f:
        buf = f.read()
    n = struct.unpack('<Q', buf[:8])[0]
    header = json.loads(buf[8:8 + n])
    meta = header.pop('__metadata__', {})
    dt = {'F32': np.float32, 'I32': np.int32}
    out = {}
    for name, e in header.items():
        b, end = e['data_offsets']
        out[name] = np.frombuffer(buf[8 + n + b:8 + n + end], dtype=dt[e['dtype']]).reshape(e['shape']).copy()
    return out, meta


def write_safetensors(path, arrays):
    header, offset, blobs = {}, 0, []
    for name, a in arrays.items():
        a = np.ascontiguousarray(a, dtype=np.float32)
        header[name] = {'dtype': 'F32', 'shape': list(a.shape), 'data_offsets': [offset, offset + a.nbytes]}
        offset += a.nbytes
        blobs.append(a.tobytes())
    h = json.dumps(header).encode()
    h += b' ' * ((8 - (8 + len(h)) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(h)) + h + b''.join(blobs))


class Attn(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)


class Mlp(nn.Module):
    def __init__(self, d, f):
        super().__init__()
        self.fc = nn.Linear(d, f)
        self.out = nn.Linear(f, d)


class Block(nn.Module):
    def __init__(self, d, h, f):
        super().__init__()
        self.h = h
        self.ln1, self.attn, self.ln2, self.mlp = nn.LayerNorm(d), Attn(d), nn.LayerNorm(d), Mlp(d, f)

    def forward(self, x, causal):
        B, T, D = x.shape
        q, k, v = self.attn.qkv(self.ln1(x)).split(D, dim=2)
        q, k, v = (t.view(B, T, self.h, D // self.h).transpose(1, 2) for t in (q, k, v))
        a = F.scaled_dot_product_attention(q, k, v, is_causal=causal).transpose(1, 2).reshape(B, T, D)
        x = x + self.attn.proj(a)
        return x + self.mlp.out(F.gelu(self.mlp.fc(self.ln2(x)), approximate='tanh'))


class Encoder(nn.Module):
    def __init__(self, c, e):
        super().__init__()
        d = c['dModel']
        self.e = e
        self.patch = nn.Linear(e['channels'] * e['patchSize'] ** 2, d)
        h = e.get('imageHeight') or e['imageSize']
        self.spatial = nn.Embedding((e['imageSize'] // e['patchSize']) * (h // e['patchSize']), d)
        self.temporal = nn.Embedding(e['maxFrames'], d)
        self.blocks = nn.ModuleList(Block(d, c['nHeads'], c['dMlp']) for _ in range(e['nLayers']))
        self.ln = nn.LayerNorm(d)

    def forward(self, frames):  # [B, F, C, H, W]
        B, Fn, C, H, W = frames.shape
        p = self.e['patchSize']
        gh, gw = H // p, W // p
        if self.e.get('normalize') == 'frame':
            # each frame's channel planes to mean 0, variance 1 (src/nn/model.ts standardiseFrames)
            m = frames.mean(dim=(3, 4), keepdim=True)
            v = ((frames - m) ** 2).mean(dim=(3, 4), keepdim=True)
            frames = (frames - m) / torch.sqrt(v + 1e-4)
        x = frames.reshape(B * Fn, C, gh, p, gw, p).permute(0, 2, 4, 1, 3, 5).reshape(B, Fn * gh * gw, C * p * p)
        P = gh * gw
        idx = torch.arange(Fn * P)
        x = self.patch(x) + self.temporal(idx // P) + self.spatial(idx % P)
        for b in self.blocks:
            x = b(x, False)
        return self.ln(x)


class VideoLM(nn.Module):
    def __init__(self, c):
        super().__init__()
        d = c['dModel']
        self.c = c
        self.tok_emb = nn.Embedding(c['vocabSize'], d)
        self.pos_emb = nn.Embedding(c['maxLen'], d)
        if c.get('encoder'):
            self.enc = Encoder(c, c['encoder'])
        self.blocks = nn.ModuleList(Block(d, c['nHeads'], c['dMlp']) for _ in range(c['nLayers']))
        self.ln_f = nn.LayerNorm(d)
        self.head = nn.Linear(d, c['vocabSize'], bias=False)

    def forward(self, tokens, frames=None):
        x = self.tok_emb(tokens)
        if frames is not None and frames.shape[1] > 0:
            x = torch.cat([self.enc(frames), x], dim=1)
        x = x + self.pos_emb.weight[: x.shape[1]]
        for b in self.blocks:
            x = b(x, True)
        return self.head(self.ln_f(x))

    def loss(self, tokens, targets, frames=None):
        logits = self(tokens, frames)
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1).long(), ignore_index=-1)


def check(inp, out):
    arrays, meta = read_safetensors(inp)
    c = json.loads(meta['config'])
    B = int(meta['batch'])
    model = VideoLM(c).double()
    names = [k for k, _ in model.named_parameters()]
    model.load_state_dict({k: torch.from_numpy(arrays[k]).double() for k in names}, strict=True)
    tokens = torch.from_numpy(arrays['input.tokens']).long().reshape(B, -1)
    targets = torch.from_numpy(arrays['input.targets']).reshape(B, -1)
    frames = None
    if 'input.frames' in arrays:
        e = c['encoder']
        h = e.get('imageHeight') or e['imageSize']
        frames = torch.from_numpy(arrays['input.frames']).double().reshape(B, -1, e['channels'], h, e['imageSize'])
    loss = model.loss(tokens, targets, frames)
    loss.backward()
    res = {'loss': np.array([loss.item()])}
    for k, p in model.named_parameters():
        res['grad.' + k] = p.grad.numpy()
    write_safetensors(out, res)


if __name__ == '__main__':
    if sys.argv[1] == 'check':
        check(sys.argv[2], sys.argv[3])
