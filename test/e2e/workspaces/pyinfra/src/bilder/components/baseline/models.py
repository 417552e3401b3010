class BaselineConfig:
    """Which packages the baseline installs."""

    packages: tuple[str, ...] = ("curl",)
