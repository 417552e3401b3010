from pathlib import Path

from pyinfra.api import deploy
from pyinfra.operations import apt, files, systemd

from bilder.components.vector.models import VectorConfig

TEMPLATES_DIRECTORY = Path(__file__).parent.joinpath("templates")


@deploy("Install Vector")
def install_vector(config: VectorConfig):
    apt.key(name="Trust the Vector signing key", src="https://keys.datadoghq.com/DATADOG_APT_KEY_CURRENT.public")
    apt.repo(name="Add the Vector repository", src="deb https://apt.vector.dev/ stable vector-0")
    apt.packages(name="Install Vector", packages=[f"vector={config.version}-1"], update=True)


@deploy("Configure Vector")
def configure_vector(config: VectorConfig):
    files.template(
        name="Write Vector's global settings",
        src=str(TEMPLATES_DIRECTORY.joinpath("vector.yaml.j2")),
        dest=str(config.configuration_directory.joinpath("vector.yaml")),
    )
    for template, context in config.configuration_templates.items():
        files.template(
            name=f"Write Vector configuration {template.name}",
            src=str(template),
            dest=str(config.configuration_directory.joinpath(template.name)),
            context=context,
        )


@deploy("Enable Vector")
def vector_service(config: VectorConfig):
    systemd.service(
        name="Enable vector",
        service="vector",
        enabled=True,
        running=False,
        daemon_reload=True,
    )
