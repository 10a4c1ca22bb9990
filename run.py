"""Entry point: ``python run.py configs/eval_demo.py`` (see README)."""

import sys

from opencompass_lite.cli import main

if __name__ == "__main__":
    sys.exit(main())
