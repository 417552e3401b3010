locals {
  timestamp = regex_replace(timestamp(), "[- TZ:]", "")
  ami_name  = "${var.app_name}-${local.timestamp}"
}

# The newest Debian 12 image from the Debian cloud team,
# so every build starts from a patched system.
source "amazon-ebs" "consul" {
  ami_name      = local.ami_name
  instance_type = var.instance_type
  ssh_username  = "admin"

  source_ami_filter {
    filters = {
      name                = "debian-12-amd64-*"
      virtualization-type = "hvm"
    }
    most_recent = true
    owners      = ["136693071363"]
  }
}

build {
  sources = ["source.amazon-ebs.consul"]

  provisioner "shell-local" {
    environment_vars = ["APP_NAME=${var.app_name}"]
    inline = [
      "pyinfra -y --user ${build.User} --port ${build.Port} ${build.Host} --chdir ${path.root} deploy.py",
    ]
  }
}
