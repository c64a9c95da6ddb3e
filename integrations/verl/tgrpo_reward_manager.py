"""T-GRPO (Video-R1's temporal bonus) as a verl reward manager, scored by `vreason reward-server`.

The dataset holds each video prompt twice (`vreason tgrpo-data`): the ordered frames and the same
frames shuffled, both with `extra_info.tgrpo_group` (the pair's id) and `extra_info.shuffled`.
verl gives every prompt row of a batch its own `uid` and samples `rollout.n` responses per uid;
this manager sees the whole batch, pairs each ordered uid with the shuffled uid of the same
`tgrpo_group`, and sends every pair in one POST /temporal {"groups": [...]} per batch:

- an ordered response's reward is accuracy + format + temporal (+ length with
  `length_control=True`): temporal = alpha when p >= mu * p_shuffled and its accuracy > 0.1;
- a shuffled response's reward is 0.0 for all of its group, so verl's GRPO advantage
  (r - mean) / (std + eps) is 0 for each of them: they only measure p_shuffled, as in Video-R1;
- a row without `tgrpo_group` (an image, a validation set) is scored with no bonus.

    python -m verl.trainer.main_ppo ... \
      reward_model.use_reward_loop=False \
      reward_model.reward_manager.source=importlib \
      reward_model.reward_manager.name=TGRPORewardManager \
      reward_model.reward_manager.module.path=integrations/verl/tgrpo_reward_manager.py \
      data.shuffle=False data.train_batch_size=<even>

`data.shuffle=False` keeps each pair in one batch (`vreason tgrpo-data` already wrote the pairs
in a seeded random order, each pair adjacent); a pair split across batches raises. Options
(`+reward_model.reward_kwargs.<name>=...`): url, mu (0.8), alpha (0.3), length_control (False),
api_key. See docs/reward-service.md.
"""
import json
import os
import urllib.error
import urllib.request
from collections import defaultdict

try:  # verl is only needed inside the trainer; the grouping below is plain Python.
    from verl.workers.reward_manager.abstract import AbstractRewardManager
except ImportError:  # pragma: no cover - exercised where verl is absent
    AbstractRewardManager = object

DEFAULT_URL = os.environ.get("VREASON_REWARD_URL", "http://127.0.0.1:5000")


class PairingError(ValueError):
    """A T-GRPO pair is incomplete in this batch."""


def _post(url, path, body, api_key=None, timeout=120.0):
    headers = {"Content-Type": "application/json"}
    if api_key:
        headers["Authorization"] = "Bearer " + api_key
    req = urllib.request.Request(url + path, data=json.dumps(body).encode(), headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        raise RuntimeError(f"vreason reward-server {e.code}: {e.read().decode(errors='replace')}") from None


def label_of(ground_truth, extra_info):
    """(problem_type, solution) from verl's ground_truth (object, JSON string or MC answer)."""
    problem_type, solution = "multiple choice", ground_truth
    if isinstance(ground_truth, str) and ground_truth.lstrip().startswith("{"):
        ground_truth = json.loads(ground_truth)
    if isinstance(ground_truth, dict):
        problem_type = ground_truth.get("problem_type") or problem_type
        solution = ground_truth.get("solution")
    if (extra_info or {}).get("problem_type"):
        problem_type = extra_info["problem_type"]
    return problem_type, solution


def tgrpo_scores(responses, uids, ground_truths, extra_infos, lengths=None, url=DEFAULT_URL,
                 mu=0.8, alpha=0.3, api_key=None):
    """One result dict per row (batch order): score, accuracy, format, temporal, length,
    tgrpo_applied, tgrpo_shuffled. One HTTP request for the whole batch."""
    rows_of = defaultdict(list)  # uid -> row indices (verl's GRPO group)
    for i, uid in enumerate(uids):
        rows_of[uid].append(i)
    pairs = defaultdict(lambda: {"ordered": [], "shuffled": []})
    for uid, rows in rows_of.items():
        info = extra_infos[rows[0]] or {}
        if info.get("tgrpo_group") is not None:
            pairs[info["tgrpo_group"]]["shuffled" if info.get("shuffled") else "ordered"].append(uid)
    for gid, p in pairs.items():
        if len(p["ordered"]) != 1 or len(p["shuffled"]) != 1:
            raise PairingError(
                f"tgrpo_group {gid!r}: {len(p['ordered'])} ordered and {len(p['shuffled'])} shuffled prompts in this "
                "batch (need one of each): set data.shuffle=False and an even data.train_batch_size, and keep the "
                "order `vreason tgrpo-data` wrote")
    shuffled_uids = {p["shuffled"][0] for p in pairs.values()}
    partner = {p["ordered"][0]: p["shuffled"][0] for p in pairs.values()}

    ordered_uids = [u for u in rows_of if u not in shuffled_uids]
    groups = []
    for uid in ordered_uids:
        rows = rows_of[uid]
        problem_type, solution = label_of(ground_truths[rows[0]], extra_infos[rows[0]])
        g = {"problem_type": problem_type, "solution": solution, "ordered": [responses[i] for i in rows],
             "shuffled": [responses[i] for i in rows_of[partner[uid]]] if uid in partner else [],
             "mu": mu, "alpha": alpha}
        if lengths is not None:
            g["lengths"] = [lengths[i] for i in rows]
        groups.append(g)
    results = _post(url, "/temporal", {"groups": groups}, api_key)["results"] if groups else []

    out = [None] * len(responses)
    for uid, res in zip(ordered_uids, results):
        applied = 1.0 if res["applied"] else 0.0
        for i, r in zip(rows_of[uid], res["responses"]):
            out[i] = {"score": r["total"], "accuracy": r["accuracy"], "format": r["format"], "temporal": r["temporal"],
                      "length": r["length"], "tgrpo_applied": applied, "tgrpo_shuffled": 0.0}
        if uid in partner:
            for i, acc in zip(rows_of[partner[uid]], res["shuffled_accuracy"]):
                out[i] = {"score": 0.0, "accuracy": acc, "format": 0.0, "temporal": 0.0, "length": 0.0,
                          "tgrpo_applied": applied, "tgrpo_shuffled": 1.0}
    return out


class TGRPORewardManager(AbstractRewardManager):
    def __init__(self, tokenizer, num_examine=0, compute_score=None, reward_fn_key="data_source", url=None,
                 mu=0.8, alpha=0.3, length_control=False, api_key=None, **kwargs):
        self.tokenizer = tokenizer
        self.num_examine = num_examine
        self.url = url or DEFAULT_URL
        self.mu, self.alpha, self.length_control = float(mu), float(alpha), bool(length_control)
        self.api_key = api_key or os.environ.get("VREASON_REWARD_API_KEY")

    def __call__(self, data, return_dict=False):
        import torch

        prompt_len = data.batch["prompts"].shape[-1]
        lengths = data.batch["attention_mask"][:, prompt_len:].sum(dim=-1).tolist()
        # Decoded as verl's naive and batch managers do: valid tokens, special tokens skipped.
        responses = [self.tokenizer.decode(data.batch["responses"][i][: lengths[i]], skip_special_tokens=True)
                     for i in range(len(data))]
        n = len(data)
        extra_infos = list(data.non_tensor_batch.get("extra_info", [{} for _ in range(n)]))
        ground_truths = [rm.get("ground_truth") for rm in data.non_tensor_batch["reward_model"]]
        scores = tgrpo_scores(responses, list(data.non_tensor_batch["uid"]), ground_truths, extra_infos,
                              lengths=lengths if self.length_control else None, url=self.url, mu=self.mu,
                              alpha=self.alpha, api_key=self.api_key)
        reward_tensor = torch.zeros_like(data.batch["responses"], dtype=torch.float32)
        extra = defaultdict(list)
        for i, s in enumerate(scores):
            reward_tensor[i, max(lengths[i], 1) - 1] = s["score"]
            for k, v in s.items():
                extra[k].append(v)
        if return_dict:
            return {"reward_tensor": reward_tensor, "reward_extra_info": extra}
        return reward_tensor
