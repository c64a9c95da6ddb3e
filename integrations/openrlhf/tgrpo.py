"""T-GRPO (Video-R1's temporal bonus) for OpenRLHF, scored by `vreason reward-server` (POST /temporal).

OpenRLHF asks for each sample's reward on its own (SingleTurnAgentExecutor posts one query per
request to --reward.remote_url), so neither a remote reward model nor a `reward_func` ever sees a
group. The groups exist only in RemoteExperienceMaker.compute_advantages_and_returns, where the
rewards of a rollout batch are put back in prompt order and reshaped to (-1, n_samples_per_prompt).
T-GRPO therefore needs a two-line trainer change there, before "Reward shaping":

    from tgrpo import apply_temporal_bonus                      # this file, on PYTHONPATH
    apply_temporal_bonus(experiences, self.tokenizer, args.rollout.n_samples_per_prompt)

`apply_temporal_bonus` decodes each response, pairs every ordered prompt with its shuffled copy
(`tgrpo_group` and `shuffled` in the label, written by `vreason tgrpo-data --engine openrlhf`),
sends all pairs of the batch in one POST /temporal {"groups": [...]}, then adds the temporal bonus
to each ordered sample's reward and sets every shuffled sample's reward to 0.0, so the group_norm
advantage (r - mean) / (std + 1e-9) of a shuffled sample is 0. Use with
`--algo.advantage.estimator group_norm` and `--reward.remote_url http://127.0.0.1:5000/get_reward`
(which gives accuracy + format); see docs/reward-service.md for what stays different from Video-R1.

`install()` applies the same change by wrapping the method; call it in the process that runs
the PPOTrainer Ray actor (e.g. from a sitecustomize.py on the Ray runtime env's PYTHONPATH).
"""
import json
import os
import urllib.error
import urllib.request

DEFAULT_URL = os.environ.get("VREASON_REWARD_URL", "http://127.0.0.1:5000")


class PairingError(ValueError):
    """A T-GRPO pair is incomplete in this rollout batch."""


def _post(url, path, body, timeout=120.0):
    headers = {"Content-Type": "application/json"}
    req = urllib.request.Request(url + path, data=json.dumps(body).encode(), headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        raise RuntimeError(f"vreason reward-server {e.code}: {e.read().decode(errors='replace')}") from None


def _label(label):
    """OpenRLHF passes the --data.label_key value as it is in the dataset: an object or a JSON string."""
    if isinstance(label, str) and label.lstrip().startswith("{"):
        label = json.loads(label)
    if isinstance(label, dict):
        return label
    return {"problem_type": "multiple choice", "solution": label}


def temporal_bonus(labels, responses, n_samples_per_prompt, url=DEFAULT_URL, mu=0.8, alpha=0.3):
    """Inputs in OpenRLHF's prompt order (sample k of prompt g at g * n + k). Returns, per sample,
    (bonus, shuffled): the temporal bonus of an ordered sample, and whether it answers shuffled frames."""
    n = n_samples_per_prompt
    if len(labels) % n or len(responses) != len(labels):
        raise ValueError(f"{len(labels)} labels / {len(responses)} responses do not fill groups of {n}")
    prompts = [_label(labels[g * n]) for g in range(len(labels) // n)]
    pairs = {}
    for g, lab in enumerate(prompts):
        if lab.get("tgrpo_group") is not None:
            pairs.setdefault(lab["tgrpo_group"], {"ordered": [], "shuffled": []})[
                "shuffled" if lab.get("shuffled") else "ordered"].append(g)
    for gid, p in pairs.items():
        if len(p["ordered"]) != 1 or len(p["shuffled"]) != 1:
            raise PairingError(f"tgrpo_group {gid!r}: {len(p['ordered'])} ordered and {len(p['shuffled'])} shuffled "
                               "prompts in this rollout batch (need one of each)")
    partner = {p["ordered"][0]: p["shuffled"][0] for p in pairs.values()}
    shuffled = {p["shuffled"][0] for p in pairs.values()}
    ordered = [g for g in partner]  # prompts without a shuffled copy get no bonus: nothing to ask
    groups = [{"problem_type": prompts[g].get("problem_type") or "multiple choice", "solution": prompts[g]["solution"],
               "ordered": responses[g * n:(g + 1) * n], "shuffled": responses[partner[g] * n:(partner[g] + 1) * n],
               "mu": mu, "alpha": alpha} for g in ordered]
    results = _post(url, "/temporal", {"groups": groups})["results"] if groups else []
    out = [(0.0, (i // n) in shuffled) for i in range(len(labels))]
    for g, res in zip(ordered, results):
        for k, r in enumerate(res["responses"]):
            out[g * n + k] = (r["temporal"], False)
    return out


def apply_temporal_bonus(experiences, tokenizer, n_samples_per_prompt, url=None, mu=0.8, alpha=0.3):
    """The trainer change: reward += bonus for ordered samples, reward = 0 for shuffled ones."""
    import torch

    index = [i for e in experiences for i in e.index]
    labels, responses = [None] * len(index), [None] * len(index)
    k = 0
    for e in experiences:
        for row in range(len(e.index)):
            # action_mask is over sequences[1:]; the response is the action span (prompt tokens excluded).
            tokens = e.sequences[row][1:][e.action_mask[row].bool()]
            labels[index[k]] = e.labels[row]
            responses[index[k]] = tokenizer.decode(tokens, skip_special_tokens=True)
            k += 1
    bonus = temporal_bonus(labels, responses, n_samples_per_prompt, url or DEFAULT_URL, mu, alpha)
    k = 0
    for e in experiences:
        rewards = e.rewards.float().clone()
        for row in range(len(e.index)):
            b, is_shuffled = bonus[index[k]]
            rewards[row] = 0.0 if is_shuffled else rewards[row] + b
            k += 1
        e.rewards = rewards
        e.info["tgrpo_bonus"] = torch.tensor([bonus[i][0] for i in e.index])


def install(url=None, mu=0.8, alpha=0.3):
    """Wrap RemoteExperienceMaker.compute_advantages_and_returns with apply_temporal_bonus."""
    from openrlhf.trainer.ppo_utils.experience_maker import RemoteExperienceMaker

    original = RemoteExperienceMaker.compute_advantages_and_returns
    if getattr(original, "_vreason_tgrpo", False):
        return

    def compute_advantages_and_returns(self, experiences):
        for i, e in enumerate(experiences):  # split_rollout_samples sets these; be explicit if absent
            if e.index is None:
                raise RuntimeError("experience.index is not set: OpenRLHF changed how it orders samples")
        n = self.strategy.args.rollout.n_samples_per_prompt
        apply_temporal_bonus(experiences, self.tokenizer, n, url, mu, alpha)
        return original(self, experiences)

    compute_advantages_and_returns._vreason_tgrpo = True
    RemoteExperienceMaker.compute_advantages_and_returns = compute_advantages_and_returns
