from pathlib import Path

from pyinfra.api import deploy
from pyinfra.operations import apt, files

TEMPLATES_DIRECTORY = Path(__file__).parent.joinpath("templates")


@deploy("Install baseline packages")
def install_baseline_packages(extra_packages: list[str] | None = None):
    """Install the packages every image needs, plus extra_packages."""
    apt.packages(name="Install baseline packages", packages=["curl=7.88.1-10", *(extra_packages or [])], update=True)


def tune_kernel(settings: dict[str, str]):
    """Write sysctl settings to /etc/sysctl.d/99-bilder.conf."""
    files.template(src=str(TEMPLATES_DIRECTORY.joinpath("sysctl.conf.j2")), dest="/etc/sysctl.d/99-bilder.conf", settings=settings)
