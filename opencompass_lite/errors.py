"""User-facing errors. The CLI prints any `OCLError` as one line and exits 2; other exceptions are bugs."""


class OCLError(Exception):
    """Base class: the message reads `<where>: <what is wrong>; <what to do>`."""


class ConfigError(OCLError):
    """A config file, CLI flag or config key is wrong."""


class DataError(OCLError):
    """Dataset files are missing or malformed."""


class ModelError(OCLError):
    """A model cannot be found or loaded."""


class TaskError(OCLError):
    """A task cannot be scheduled or its inputs are inconsistent."""
