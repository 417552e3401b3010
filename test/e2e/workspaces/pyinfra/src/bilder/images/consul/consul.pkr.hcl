variable "consul_version" {
  type    = string
  default = "1.17.1"
}

source "docker" "consul" {
  image  = "debian:12"
  commit = true
}

build {
  sources = ["source.docker.consul"]

  provisioner "shell-local" {
    environment_vars = ["CONSUL_VERSION=${var.consul_version}"]
    inline           = ["pyinfra -y @docker/${build.ID} --chdir ${path.root} deploy.py"]
  }
}
