# PyInfra on this machine, without a cloud account. A `null` source starts no machine;
# its shell-local provisioner runs this folder's deploy.py with PyInfra's @local connector, so every operation
# shows up live in the Bilder Builds panel. Needs `pyinfra` on PATH (pipx install pyinfra); without it the build
# fails at once and says so.
variable "output_dir" {
  type        = string
  default     = "/tmp/bilder-hello-pyinfra"
  description = "Where the deploy writes its files on this machine."
}

variable "greeting" {
  type    = string
  default = "Hello from a Bilder image"
}

source "null" "local" {
  communicator = "none"
}

build {
  sources = ["source.null.local"]

  # PyInfra prints to stderr: 2>&1 keeps its lines in order with Packer's. -y: shell-local has no stdin to confirm on.
  provisioner "shell-local" {
    environment_vars = [
      "OUTPUT_DIR=${var.output_dir}",
      "GREETING=${var.greeting}",
    ]
    inline = [
      "pyinfra -y --chdir ${path.root} @local deploy.py 2>&1",
    ]
  }
}
