import io
from pathlib import Path

from pyinfra.api import deploy
from pyinfra.operations import files, server, systemd

from bilder.components.hashicorp.consul.models import ConsulConfig

TEMPLATES_DIRECTORY = Path(__file__).parent.joinpath("templates")
RELEASES_URL = "https://releases.hashicorp.com/consul"


@deploy("Install Consul")
def install_consul(version: str):
    archive = f"/tmp/consul_{version}.zip"
    files.download(
        name=f"Download Consul {version}",
        src=f"{RELEASES_URL}/{version}/consul_{version}_linux_amd64.zip",
        dest=archive,
    )
    server.shell(
        name="Unpack Consul into /usr/local/bin",
        commands=[f"unzip -o {archive} consul -d /usr/local/bin"],
    )
    server.user(name="Create the consul user", user="consul", system=True, home="/var/lib/consul")


def configure_consul(config: ConsulConfig) -> bool:
    rendered = config.model_dump_json(indent=2, exclude_none=True)
    result = files.put(
        name="Write the Consul agent configuration",
        src=io.StringIO(rendered),
        dest="/etc/consul.d/00-default.json",
        user="consul",
        group="consul",
        mode="0640",
    )
    return result.changed


@deploy("Register the Consul service")
def consul_service(restart: bool = False):
    files.template(
        name="Install the consul systemd unit",
        src=str(TEMPLATES_DIRECTORY.joinpath("consul.service.j2")),
        dest="/etc/systemd/system/consul.service",
    )
    systemd.service(
        name="Enable consul",
        service="consul",
        enabled=True,
        running=False,
        restarted=restart,
        daemon_reload=True,
    )
