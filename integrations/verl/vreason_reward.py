"""verl custom reward function backed by `vreason reward-server` (POST /score).

    python -m verl.trainer.main_ppo ... \
      custom_reward_function.path=integrations/verl/vreason_reward.py \
      custom_reward_function.name=compute_score
    # one HTTP request per batch instead of per response:
    #   reward_model.reward_manager=batch custom_reward_function.name=compute_score_batch

Standard library only. VREASON_REWARD_URL (default http://127.0.0.1:5000) and
VREASON_REWARD_API_KEY configure the service. See docs/reward-service.md.
"""
import json
import os
import urllib.error
import urllib.request

URL = os.environ.get("VREASON_REWARD_URL", "http://127.0.0.1:5000")
TIMEOUT = float(os.environ.get("VREASON_REWARD_TIMEOUT", "120"))


def _headers():
    headers = {"Content-Type": "application/json"}
    key = os.environ.get("VREASON_REWARD_API_KEY")
    if key:
        headers["Authorization"] = "Bearer " + key
    return headers


def post(path, body, url=None):
    """POST JSON to the reward service; an HTTP error raises with the service's own reason."""
    req = urllib.request.Request((url or URL) + path, data=json.dumps(body).encode(), headers=_headers())
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        raise RuntimeError(f"vreason reward-server {e.code}: {e.read().decode(errors='replace')}") from None


def _item(solution_str, ground_truth, extra_info):
    # Only problem_type is forwarded: verl's extra_info also holds values JSON cannot carry.
    problem_type = (extra_info or {}).get("problem_type")
    return {"solution_str": solution_str, "ground_truth": ground_truth, "extra_info": {"problem_type": problem_type}}


def _result(r):
    # verl takes "score" as the reward and logs every other key, so only numbers go back.
    return {"score": r["score"], "accuracy": r["accuracy"], "format": r["format"]}


def compute_score(data_source, solution_str, ground_truth, extra_info=None, **kwargs):
    return _result(post("/score", _item(solution_str, ground_truth, extra_info)))


def compute_score_batch(data_sources, solution_strs, ground_truths, extra_infos, **kwargs):
    items = [_item(*x) for x in zip(solution_strs, ground_truths, extra_infos)]
    return [_result(r) for r in post("/score", {"items": items})["results"]]
