# An image that builds on this machine, without a cloud account: a null source (nothing is created anywhere) and
# shell-local steps standing in for real provisioning. Try it with Bilder: Build Image → hello, and watch each step
# in the Bilder Builds panel.
variable "greeting" {
  type        = string
  default     = "hello"
  description = "What the first step prints."
}

source "null" "hello" {
  communicator = "none"
}

build {
  sources = ["source.null.hello"]

  provisioner "shell-local" {
    inline = ["echo '${var.greeting} from Packer'", "sleep 2"]
  }

  provisioner "shell-local" {
    inline = ["echo 'installing packages'", "sleep 15", "echo 'packages installed'"]
  }

  provisioner "shell-local" {
    inline = ["echo 'cleaning up'", "sleep 1"]
  }
}
