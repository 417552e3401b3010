source "null" "example" {
  communicator = "none"
}

build {
  sources = ["source.null.example"]

  provisioner "shell-local" {
    inline = ["echo ${var.greeting} from ${var.app_name}"]
  }
}
