"""Command-line parsing: both the config-file form and OpenCompass's flag-only form."""

from __future__ import annotations

import argparse
import ast
from typing import Any

from opencompass_lite.errors import ConfigError


def parse_kv(items: list[str] | None, flag: str) -> dict[str, Any]:
    """``["device_map='auto'", "trust_remote_code=True"]`` → dict; values via ``ast.literal_eval``."""
    out: dict[str, Any] = {}
    for item in items or []:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip() or not key.strip().isidentifier():
            raise ConfigError(f"{flag} {item!r}: expected KEY=VALUE (e.g. device_map='auto'); fix the item")
        try:
            value = ast.literal_eval(raw)
        except (ValueError, SyntaxError):
            value = raw  # bare words such as left or torch.float16 stay strings
        out[key.strip()] = value
    return out


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="run.py", description="Evaluate LLMs: config → partition → infer → evaluate → summarize")
    p.add_argument("config", nargs="?", help="experiment config, e.g. configs/eval_demo.py")
    p.add_argument("-w", "--work-dir", help="output root (default: outputs/<config name>)")
    p.add_argument("-r", "--reuse", nargs="?", const="latest", help="resume a run: TIMESTAMP or latest")
    p.add_argument("-m", "--mode", choices=["all", "infer", "eval", "viz"], default="all")
    p.add_argument("--debug", action="store_true", help="run tasks sequentially in-process, logs to the terminal")
    p.add_argument("--dry-run", action="store_true", help="print the task plan; run nothing, load no model")
    p.add_argument("--max-num-workers", type=int, help="parallel tasks at most")
    p.add_argument("--limit", type=int, help="first N test samples of every dataset")
    p.add_argument("--retry", type=int, help="re-run a failed task up to N times")
    g = p.add_argument_group("runners")
    g.add_argument("--runner", help="local | ray | slurm (default: the config's, else local)")
    g.add_argument("--slurm", action="store_true", help="shortcut for --runner slurm (needs -p)")
    g.add_argument("-p", "--partition", help="Slurm partition")
    g.add_argument("-q", "--quotatype", help="Slurm quota type (OpenCompass clusters)")
    g.add_argument("--qos", help="Slurm QoS")
    g.add_argument("--ray-address", help="join an existing Ray cluster: auto or ray://host:port")
    m = p.add_argument_group("models and datasets without a config file")
    m.add_argument("--models", nargs="+", help="model config names (file stems under configs/models)")
    m.add_argument("--datasets", nargs="+", help="dataset config names (file stems under configs/datasets)")
    m.add_argument("--summarizer", help="summarizer config name (file stem under configs/summarizers)")
    m.add_argument("--hf-type", choices=["base", "chat"], default="chat", help="--hf-path model kind")
    m.add_argument("--hf-path", help="local HF model folder or hub id")
    m.add_argument("--tokenizer-path")
    m.add_argument("--model-kwargs", nargs="+", metavar="KEY=VALUE")
    m.add_argument("--tokenizer-kwargs", nargs="+", metavar="KEY=VALUE")
    m.add_argument("--generation-kwargs", nargs="+", metavar="KEY=VALUE")
    m.add_argument("--max-seq-len", type=int, default=2048)
    m.add_argument("--max-out-len", type=int, default=256)
    m.add_argument("--batch-size", type=_batch_size, default=8, help="rows per forward pass, or 'auto'")
    m.add_argument("--num-gpus", type=int, default=0)
    m.add_argument("--hf-abbr", help="abbr of the --hf-path model (default: its folder name)")
    return p


def _batch_size(text: str) -> int | str:
    """``--batch-size``: a positive integer or ``auto`` (validated with the rest of the model dict)."""
    return text if text == "auto" or not text.lstrip("-").isdigit() else int(text)


def hf_model_dict(args: argparse.Namespace) -> dict[str, Any]:
    """The model dict that ``--hf-path`` and friends describe."""
    name = args.hf_abbr or args.hf_path.rstrip("/").split("/")[-1] + "-hf"
    return dict(
        type="HuggingFacewithChatTemplate" if args.hf_type == "chat" else "HuggingFaceBaseModel",
        abbr=name, path=args.hf_path, tokenizer_path=args.tokenizer_path or "",
        model_kwargs=parse_kv(args.model_kwargs, "--model-kwargs"),
        tokenizer_kwargs=parse_kv(args.tokenizer_kwargs, "--tokenizer-kwargs"),
        generation_kwargs=parse_kv(args.generation_kwargs, "--generation-kwargs"),
        max_seq_len=args.max_seq_len, max_out_len=args.max_out_len, batch_size=args.batch_size,
        run_cfg=dict(num_gpus=args.num_gpus),
    )
