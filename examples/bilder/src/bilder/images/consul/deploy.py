"""Consul server image: baseline packages, Consul from the HashiCorp release archive, and Vector shipping its logs.

Packer runs this through the `shell-local` provisioner in consul.pkr.hcl and passes the template's variables as
environment variables (CONSUL_VERSION, NODE_TYPE, DEPLOYMENT).
"""

import os
from pathlib import Path

from pyinfra import host
from pyinfra.facts.server import LinuxName
from pyinfra.operations import files

from bilder.components.baseline.steps import install_baseline_packages, tune_kernel
from bilder.components.hashicorp.consul.models import ConsulConfig, ConsulTelemetry
from bilder.components.hashicorp.consul.steps import (
    configure_consul,
    consul_service,
    install_consul,
)
from bilder.components.vector.models import VectorConfig
from bilder.components.vector.steps import configure_vector, install_vector, vector_service

CONSUL_VERSION = os.environ.get("CONSUL_VERSION", "1.17.1")
NODE_TYPE = os.environ.get("NODE_TYPE", "server")
DEPLOYMENT = os.environ.get("DEPLOYMENT", "operations-ci")

FILES_DIRECTORY = Path(__file__).parent.joinpath("files")
TEMPLATES_DIRECTORY = Path(__file__).parent.joinpath("templates")

install_baseline_packages(extra_packages=["unbound"])
tune_kernel({"net.core.somaxconn": "1024"})

files.put(
    name="Resolve *.consul names through the local Consul agent",
    src=str(FILES_DIRECTORY.joinpath("unbound-consul.conf")),
    dest="/etc/unbound/unbound.conf.d/consul.conf",
)

consul_config = ConsulConfig(
    datacenter=DEPLOYMENT,
    server=NODE_TYPE == "server",
    bootstrap_expect=3 if NODE_TYPE == "server" else None,
    ui=NODE_TYPE == "server",
    telemetry=ConsulTelemetry(),
)
install_consul(CONSUL_VERSION)
consul_config_changed = configure_consul(consul_config)

vector_config = VectorConfig(
    configuration_templates={
        TEMPLATES_DIRECTORY.joinpath("vector", "consul_logs.yaml"): {"deployment": DEPLOYMENT},
    },
)
install_vector(vector_config)
configure_vector(vector_config)

if host.get_fact(LinuxName) == "Debian":
    consul_service(restart=consul_config_changed)
    vector_service(vector_config)
