source "null" "slow" {
  communicator = "none"
}

build {
  sources = ["source.null.slow"]

  # The started marker tells the test that the provisioner runs; the sleep keeps it running until cancelled.
  provisioner "shell-local" {
    inline = ["touch ${path.root}/started", "sleep 3141"]
  }
}
