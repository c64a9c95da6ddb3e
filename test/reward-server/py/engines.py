"""verl's and OpenRLHF's calling conventions against a running `vreason reward-server`.

    python3 engines.py <service url> <repo root>

Standard library only. Where the engines use torch, their arithmetic is reproduced here from
their sources (cited per check), since torch is not a dependency of this repository:
- OpenRLHF 3c3be62: openrlhf/utils/agent.py 281-356 (one query per request, payload
  {query, prompts, labels}, reads rewards / scores / extra_logs), samples_generator.py 254-312
  (torch.tensor([reward]): Python ints give int64), experience_maker.py 239-270 (rewards put back in
  prompt order, reshape(-1, n_samples_per_prompt), group_norm (r - mean) / (std + 1e-9), std unbiased).
- verl b178a3c: workers/reward_manager/naive.py 75-98 (keyword call of compute_score, dict "score"),
  batch.py 70-76 (batched keywords), ray_trainer.py 1375-1384 (a uid per prompt row, repeat
  interleaved rollout.n times), core_algos.py 267-330 (GRPO: per-uid mean and unbiased std, a
  single-response group has mean 0 and std 1, (r - mean) / (std + 1e-6)).
Every check prints one "ok ..." line; any failure raises (non-zero exit).
"""
import json
import math
import random
import statistics
import sys
import urllib.request

URL, ROOT = sys.argv[1], sys.argv[2]
sys.path.insert(0, f"{ROOT}/integrations/verl")
sys.path.insert(0, f"{ROOT}/integrations/openrlhf")

import tgrpo as openrlhf_tgrpo  # noqa: E402
import tgrpo_reward_manager as verl_tgrpo  # noqa: E402
import vreason_reward  # noqa: E402


def post(path, body):
    req = urllib.request.Request(URL + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)


def numbers(value, path="$"):
    """Every number in a parsed JSON value, with its path (bools are not numbers here)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return []
    if isinstance(value, (int, float)):
        return [(path, value)]
    if isinstance(value, list):
        return [n for i, v in enumerate(value) for n in numbers(v, f"{path}[{i}]")]
    return [n for k, v in value.items() for n in numbers(v, f"{path}.{k}")]


def all_floats(body, what):
    found = numbers(body)
    assert found, f"{what}: no numbers"
    bad = [(p, v) for p, v in found if type(v) is not float]
    assert not bad, f"{what}: not JSON floats (torch.tensor would make int64): {bad[:5]}"
    return len(found)


def close(a, b, what, tol=1e-9):
    assert abs(a - b) <= tol, f"{what}: {a} != {b}"


def ok(msg):
    print("ok", msg, flush=True)


PROMPT = "<|im_start|>user\nWhich way does the car turn? A. left B. right\nThink in <think> </think>, answer in <answer> </answer>.<|im_end|>\n<|im_start|>assistant\n"
R = lambda answer, think="so": f"<think>{think}</think><answer>{answer}</answer>"  # noqa: E731

# Canned rollouts, 4 per prompt. Video MC "B": ordered p = 3/4, shuffled p~ = 1/4 -> bonus (0.75 >= 0.2).
# Video numerical "3": ordered p = 1/4, shuffled p~ = 3/4 -> none (0.25 < 0.6). Image MC "A": no copy.
MC = {"problem_type": "multiple choice", "solution": "<answer>B</answer>"}
NUM = {"problem_type": "numerical", "solution": "<answer>3</answer>"}
IMG = {"problem_type": "multiple choice", "solution": "<answer>A</answer>"}
ORDERED_MC = [R("B"), R("B"), R("C"), "<answer>B</answer>"]
SHUFFLED_MC = [R("C"), R("B"), R("C"), R("C")]
ORDERED_NUM = [R("3"), R("4"), R("4"), R("5")]
SHUFFLED_NUM = [R("3"), R("3"), R("3"), R("4")]
IMAGE = [R("A"), R("A"), R("B"), R("A")]
# Worked out by hand: accuracy + format (+ 0.3 for a correct ordered response of a group that earns it).
TOTALS_MC = [2.3, 2.3, 1.0, 1.3]
TOTALS_NUM = [2.0, 1.0, 1.0, 1.0]
TOTALS_IMG = [2.0, 2.0, 1.0, 2.0]


def check_floats():
    bodies = {
        "/get_reward": post("/get_reward", {"query": [PROMPT + R("B") + "<|im_end|>", PROMPT + R("A")], "prompts": [PROMPT] * 2, "labels": ["B", json.dumps(MC)]}),
        "/score": post("/score", {"solution_str": R("B"), "ground_truth": "B"}),
        "/score batch": post("/score", {"items": [{"solution_str": R("B"), "ground_truth": "B"}, {"solution_str": "x", "ground_truth": NUM}]}),
        "/temporal": post("/temporal", {**MC, "ordered": ORDERED_MC, "shuffled": SHUFFLED_MC, "lengths": [400, 100, 400, 500]}),
        "/temporal batch": post("/temporal", {"groups": [{**MC, "ordered": ORDERED_MC, "shuffled": SHUFFLED_MC}, {**IMG, "ordered": IMAGE, "shuffled": []}]}),
    }
    for what, body in bodies.items():
        ok(f"floats {what}: {all_floats(body, what)} numbers, all float")
    assert bodies["/score"]["score"] == 2.0 and bodies["/get_reward"]["rewards"] == [2.0, 1.0]


def check_openrlhf():
    n = 4
    prompts = [("mc", MC, ORDERED_MC), ("num", NUM, ORDERED_NUM), ("img", IMG, IMAGE)]
    # agent.py: each sample's reward is fetched on its own, right after its generation.
    samples = []
    for _, label, responses in prompts:
        for resp in responses:
            payload = {"query": [PROMPT + resp + "<|im_end|>"], "prompts": [PROMPT], "labels": [json.dumps(label)]}
            rewards_info = [post("/get_reward", payload)][0]  # one URL: rewards_info_list[0]
            score = rewards_info.get("scores")
            if score is None:
                score = rewards_info.get("rewards")
            reward = rewards_info.get("rewards")
            extra = rewards_info.get("extra_logs") or {}
            # samples_generator.py: torch.tensor([reward]) -- dtype follows the Python type.
            for v in [*reward, *score, *(x for vs in extra.values() for x in vs)]:
                assert type(v) is float, f"OpenRLHF would build an int64 tensor from {v!r}"
            samples.append({"reward": reward[0], "score": score[0]})
    # experience_maker.py: samples come back in micro-batches in any order, each with its index;
    # rewards[indices] = raw_rewards restores prompt order, then reshape(-1, n).
    order = list(range(len(samples)))
    random.Random(7).shuffle(order)
    raw = [samples[i]["reward"] for i in order]
    rewards = [0.0] * len(raw)
    for i, r in zip(order, raw):
        rewards[i] = r
    groups = [rewards[g * n:(g + 1) * n] for g in range(len(rewards) // n)]
    assert groups == [[2.0, 2.0, 1.0, 1.0], [2.0, 1.0, 1.0, 1.0], TOTALS_IMG], groups
    for g in groups:
        mean, std = statistics.fmean(g), statistics.stdev(g)  # torch.std: unbiased
        adv = [(r - mean) / (std + 1e-9) for r in g]
        close(sum(adv), 0.0, "group_norm advantages sum to 0", 1e-9)
        close(statistics.stdev(adv), std / (std + 1e-9), "group_norm advantages have unit std", 1e-9)
    ok(f"openrlhf: {len(samples)} single-query requests, float rewards/scores/extra_logs, group_norm over {len(groups)} groups")

    # T-GRPO: the ordered prompts, their shuffled copies and the image, in prompt order.
    labels, responses = [], []
    rows = [({**MC, "tgrpo_group": "v1", "shuffled": False}, ORDERED_MC), ({**NUM, "tgrpo_group": "v2", "shuffled": True}, SHUFFLED_NUM),
            ({**MC, "tgrpo_group": "v1", "shuffled": True}, SHUFFLED_MC), (IMG, IMAGE), ({**NUM, "tgrpo_group": "v2", "shuffled": False}, ORDERED_NUM)]
    for label, resps in rows:
        labels += [json.dumps(label)] * n
        responses += resps
    bonus = openrlhf_tgrpo.temporal_bonus(labels, responses, n, URL)
    assert [b for b, _ in bonus] == [0.3, 0.3, 0.0, 0.3] + [0.0] * 16, bonus
    assert [s for _, s in bonus] == [False] * 4 + [True] * 8 + [False] * 8, bonus
    # The trainer change: reward + bonus for ordered samples, 0 for shuffled ones; then group_norm.
    base = [post("/get_reward", {"query": [PROMPT + r], "prompts": [PROMPT], "labels": [l]})["rewards"][0] for l, r in zip(labels, responses)]
    shaped = [0.0 if s else r + b for r, (b, s) in zip(base, bonus)]
    got = [shaped[g * n:(g + 1) * n] for g in range(len(rows))]
    for g, want in zip(got, [TOTALS_MC, None, None, TOTALS_IMG, TOTALS_NUM]):
        if want is None:
            assert g == [0.0] * n
            adv = [(r - statistics.fmean(g)) / (statistics.stdev(g) + 1e-9) for r in g]
            assert adv == [0.0] * n, adv
        else:
            for a, b in zip(g, want):
                close(a, b, "T-GRPO reward")
    try:
        openrlhf_tgrpo.temporal_bonus(labels[:4 * n], responses[:4 * n], n, URL)
        raise AssertionError("a batch without v2's ordered prompt must raise")
    except openrlhf_tgrpo.PairingError as e:
        assert "v2" in str(e)
    ok("openrlhf T-GRPO: bonus on v1 only, shuffled rewards 0 -> advantages 0, split pair refused")


def check_verl():
    # naive.py: compute_score(data_source=..., solution_str=..., ground_truth=..., extra_info=...), extra kwargs.
    r = vreason_reward.compute_score(data_source="video-r1", solution_str=R("12.50"), ground_truth="12.5",
                                     extra_info={"problem_type": "numerical", "index": 3}, reward_router_address=None)
    assert r == {"score": 2.0, "accuracy": 1.0, "format": 1.0} and all(type(v) is float for v in r.values()), r
    # batch.py: compute_score(data_sources=..., solution_strs=..., ground_truths=..., extra_infos=..., **reward_kwargs).
    rs = vreason_reward.compute_score_batch(data_sources=["a", "b"], solution_strs=[R("B"), R("x")],
                                            ground_truths=["B", json.dumps(NUM)], extra_infos=[{}, {"rollout_reward_scores": {}}])
    assert [x["score"] for x in rs] == [2.0, 1.0], rs
    ok("verl compute_score / compute_score_batch: keyword calls, float scores")

    # A verl batch: one uid per prompt row, repeated n times interleaved, then reordered (balance_batch).
    n = 4
    rows = [("p-img", {"index": 0}, IMG, IMAGE), ("p-mc", {"tgrpo_group": "v1", "shuffled": False}, MC, ORDERED_MC),
            ("p-mc-s", {"tgrpo_group": "v1", "shuffled": True}, MC, SHUFFLED_MC),
            ("p-num", {"tgrpo_group": "v2", "shuffled": False, "problem_type": "numerical"}, "3", ORDERED_NUM),
            ("p-num-s", {"tgrpo_group": "v2", "shuffled": True, "problem_type": "numerical"}, "3", SHUFFLED_NUM)]
    batch = [(uid, info, gt, resp) for uid, info, gt, resps in rows for resp in resps]
    order = list(range(len(batch)))
    random.Random(3).shuffle(order)
    batch = [batch[i] for i in order]
    uids = [b[0] for b in batch]
    scores = verl_tgrpo.tgrpo_scores([b[3] for b in batch], uids, [b[2] for b in batch], [b[1] for b in batch], url=URL)
    for s in scores:
        assert all(type(v) is float for v in s.values()), s
    # core_algos.compute_grpo_outcome_advantage over the reward tensor's sums.
    by_uid = {}
    for uid, s in zip(uids, scores):
        by_uid.setdefault(uid, []).append(s["score"])
    stats = {u: (statistics.fmean(v), statistics.stdev(v)) if len(v) > 1 else (0.0, 1.0) for u, v in by_uid.items()}
    adv = [(s["score"] - stats[u][0]) / (stats[u][1] + 1e-6) for u, s in zip(uids, scores)]
    want = {"p-img": TOTALS_IMG, "p-mc": TOTALS_MC, "p-num": TOTALS_NUM}
    for uid, totals in want.items():
        got = [s["score"] for u, s in zip(uids, scores) if u == uid]
        assert sorted(got) == sorted(totals) or all(abs(a - b) < 1e-9 for a, b in zip(sorted(got), sorted(totals))), (uid, got)
    for u, a, s in zip(uids, adv, scores):
        if u.endswith("-s"):
            assert a == 0.0 and s["tgrpo_shuffled"] == 1.0, (u, a)
    mc_acc = sorted(s["accuracy"] for u, s in zip(uids, scores) if u == "p-mc-s")
    assert mc_acc == [0.0, 0.0, 0.0, 1.0], mc_acc
    applied = {u: s["tgrpo_applied"] for u, s in zip(uids, scores)}
    assert applied["p-mc"] == 1.0 and applied["p-num"] == 0.0 and applied["p-img"] == 0.0, applied
    mc_adv = [a for u, a in zip(uids, adv) if u == "p-mc"]
    assert all(math.isfinite(a) for a in mc_adv) and abs(sum(mc_adv)) < 1e-9
    try:
        keep = [i for i, u in enumerate(uids) if u != "p-num-s"]
        verl_tgrpo.tgrpo_scores([batch[i][3] for i in keep], [uids[i] for i in keep], [batch[i][2] for i in keep],
                                [batch[i][1] for i in keep], url=URL)
        raise AssertionError("a batch without v2's shuffled copy must raise")
    except verl_tgrpo.PairingError as e:
        assert "data.shuffle=False" in str(e)
    ok("verl T-GRPO manager: pairs by tgrpo_group across uids, one /temporal per batch, GRPO advantages 0 on shuffled")


check_floats()
check_openrlhf()
check_verl()
