# A directory of its own: a VirtualBox build, a plugin the hand-written schema never knew.
source "virtualbox-iso" "ubuntu" {
  iso_url       = "https://releases.ubuntu.com/24.04/ubuntu-24.04-live-server-amd64.iso"
  iso_checksum  = "none"
  guest_os_type = "Ubuntu_64"
  headles       = true
  communicator  = "ssh"
  ssh_username  = "packer"
}

build {
  sources = ["source.virtualbox-iso.ubuntu"]
}
