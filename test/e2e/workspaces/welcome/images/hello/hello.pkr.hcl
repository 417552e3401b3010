packer {
  required_version = ">= 1.6.6"
}

variable "greeting" {
  type    = string
  default = "hello"
}

# A null source builds on this machine: no cloud account, nothing created anywhere.
source "null" "local" {
  communicator = "none"
}

build {
  sources = ["source.null.local"]

  provisioner "shell-local" {
    inline = ["echo ${var.greeting} from Packer"]
  }
}
