locals {
  timestamp = regex_replace(timestamp(), "[- TZ:]", "")
  common_tags = {
    OU        = var.business_unit
    app       = var.app_name
    node_type = var.node_type
    consul    = var.consul_version
    purpose   = "${var.app_name}-${var.node_type}"
  }
}

# Debian 12 as published by the Debian cloud team; the newest image wins so every build starts patched.
source "amazon-ebs" "consul" {
  ami_name                = "${var.app_name}-${var.node_type}-${local.timestamp}"
  ami_description         = "Consul ${var.consul_version} ${var.node_type} image built at ${local.timestamp}"
  ami_virtualization_type = "hvm"
  instance_type           = var.instance_type
  force_deregister        = true
  force_delete_snapshot   = true
  ssh_username            = "admin"
  ssh_interface           = "public_ip"

  source_ami_filter {
    filters = {
      name                = "debian-12-amd64-*"
      root-device-type    = "ebs"
      virtualization-type = "hvm"
    }
    most_recent = true
    owners      = ["136693071363"]
  }

  subnet_filter {
    filters = {
      "tag:Environment" = var.build_environment
    }
    random = true
  }

  launch_block_device_mappings {
    device_name           = "/dev/xvda"
    volume_size           = 25
    volume_type           = "gp3"
    delete_on_termination = true
  }

  run_tags        = local.common_tags
  run_volume_tags = local.common_tags
  snapshot_tags   = local.common_tags
  tags            = merge(local.common_tags, { Name = "${var.app_name}-${var.node_type}" })
}

build {
  sources = ["source.amazon-ebs.consul"]

  # PyInfra connects over SSH on its own, so it needs the key Packer generated for this build.
  provisioner "shell-local" {
    inline = [
      "echo '${build.SSHPrivateKey}' > /tmp/packer-session-${build.ID}.pem",
      "chmod 600 /tmp/packer-session-${build.ID}.pem",
    ]
  }

  provisioner "shell-local" {
    environment_vars = [
      "CONSUL_VERSION=${var.consul_version}",
      "NODE_TYPE=${var.node_type}",
      "DEPLOYMENT=${var.build_environment}",
    ]
    inline = [
      "pyinfra -y --data ssh_strict_host_key_checking=off --sudo --user ${build.User} --port ${build.Port} --key /tmp/packer-session-${build.ID}.pem ${build.Host} --chdir ${path.root} deploy.py",
    ]
  }

  provisioner "shell-local" {
    inline = ["rm -f /tmp/packer-session-${build.ID}.pem"]
  }

  post-processor "manifest" {
    output     = "${path.root}/manifest.json"
    strip_path = true
    custom_data = {
      consul_version = var.consul_version
      node_type      = var.node_type
    }
  }
}
