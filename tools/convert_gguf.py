"""Convert a GGUF model into a plain HF folder (safetensors + tokenizer) that loads in seconds.

    python tools/convert_gguf.py                                  # prepare the embedded SmolLM2, print its folder
    python tools/convert_gguf.py model.Q4_K_M.gguf -o OUTDIR      # a GGUF file
    python tools/convert_gguf.py DIR --gguf-file NAME -o OUTDIR   # a GGUF inside a folder

Weights are de-quantized (float32). The output appears atomically: a killed run leaves nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from opencompass_lite.errors import ModelError, OCLError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", nargs="?", help="a .gguf file, or a folder holding one (with --gguf-file)")
    parser.add_argument("--gguf-file", default="", help="GGUF file name inside the source folder")
    parser.add_argument("-o", "--output", help="folder to create (must not exist)")
    args = parser.parse_args(argv)
    try:
        print(convert(args.source, args.gguf_file, args.output))
    except OCLError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


def convert(source: str | None, gguf_file: str, output: str | None) -> Path:
    from opencompass_lite.models.embedded import convert_gguf, ensure_folder, prepare_embedded

    if source is None:
        return prepare_embedded()
    src = Path(source).expanduser()
    if src.is_file():
        src, gguf_file = src.parent, src.name
    if not gguf_file or not output:
        raise ModelError(f"{source}: need the GGUF file name (a .gguf path or --gguf-file) and -o OUTDIR")
    out = Path(output).expanduser()
    if out.exists():
        raise ModelError(f"{out}: already exists; choose a new -o folder or delete it")
    if not (src / gguf_file).is_file():
        raise ModelError(f"{src / gguf_file}: GGUF file not found; check the folder and --gguf-file")
    return ensure_folder(out, lambda tmp: convert_gguf(src, gguf_file, tmp, announce=out))


if __name__ == "__main__":
    sys.exit(main())
