"""opencompass_lite: evaluate LLMs from Python configs (config → partition → infer → evaluate → summarize).

Importing the package is cheap on purpose: torch, transformers and ray are imported only by the
code paths that need them.
"""

__version__ = "0.1.0"
