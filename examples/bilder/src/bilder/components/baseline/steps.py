from pathlib import Path

from pyinfra.api import deploy
from pyinfra.operations import apt, files, server

from bilder.components.baseline.models import BaselineConfig

TEMPLATES_DIRECTORY = Path(__file__).parent.joinpath("templates")


@deploy("Install baseline packages")
def install_baseline_packages(
    extra_packages: list[str] | None = None,
    config: BaselineConfig | None = None,
):
    config = config or BaselineConfig()
    apt.packages(
        name="Install baseline packages",
        packages=[*config.packages, *(extra_packages or [])],
        update=True,
        cache_time=3600,
    )


@deploy("Tune kernel parameters")
def tune_kernel(settings: dict[str, str]):
    sysctl_file = files.template(
        name="Write Bilder's sysctl settings",
        src=str(TEMPLATES_DIRECTORY.joinpath("sysctl.conf.j2")),
        dest="/etc/sysctl.d/99-bilder.conf",
        settings=settings,
    )
    if sysctl_file.changed:
        server.shell(name="Apply sysctl settings", commands=["sysctl --system"])
