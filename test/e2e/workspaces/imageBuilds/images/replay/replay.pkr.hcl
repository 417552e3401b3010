# Replays a real PyInfra 3.1.1 run (captured stderr) through a shell-local provisioner, a line at a time with a pause,
# so the Builds panel can be read while the "deploy" is in progress. No pyinfra, no cloud, no SSH.
variable "transcript" {
  type    = string
  default = "pyinfra_v3.1.1_success.stderr"
}

variable "pause_seconds" {
  type    = string
  default = "0.2"
}

variable "exit_code" {
  type    = number
  default = 0
}

source "null" "replay" {
  communicator = "none"
}

build {
  sources = ["source.null.replay"]

  provisioner "shell-local" {
    inline = [
      "while IFS= read -r line; do printf '%s\\n' \"$line\" >&2; sleep ${var.pause_seconds}; done < '${path.root}/${var.transcript}'",
      "exit ${var.exit_code}",
    ]
  }
}
