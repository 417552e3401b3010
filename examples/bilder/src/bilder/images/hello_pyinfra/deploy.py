"""Writes a few files under OUTPUT_DIR on this machine: the smallest deploy that shows every kind of PyInfra row
(a directory, an uploaded file, a rendered template, a command, an idempotent line) in the Bilder Builds panel.

hello_pyinfra.pkr.hcl runs it through shell-local with `pyinfra -y @local deploy.py` and passes OUTPUT_DIR and
GREETING as environment variables.
"""

import os
from pathlib import Path

from pyinfra.operations import files, server

OUTPUT_DIR = os.environ.get("OUTPUT_DIR", "/tmp/bilder-hello-pyinfra")
GREETING = os.environ.get("GREETING", "Hello from a Bilder image")

HERE = Path(__file__).parent

files.directory(
    name="Ensure output directory",
    path=OUTPUT_DIR,
    present=True,
)

files.put(
    name="Upload motd",
    src=str(HERE / "files" / "motd"),
    dest=f"{OUTPUT_DIR}/motd",
)

files.template(
    name="Render app.conf",
    src=str(HERE / "templates" / "app.conf.j2"),
    dest=f"{OUTPUT_DIR}/app.conf",
    greeting=GREETING,
)

server.shell(
    name="Say hello",
    commands=[f"echo {GREETING!r}"],
)

files.line(
    name="Ensure marker line",
    path=f"{OUTPUT_DIR}/motd",
    line="built by bilder",
)
