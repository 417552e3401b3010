import os

from pyinfra.operations import files

from bilder.components.hashicorp.consul.steps import install_consul

install_consul(os.environ.get("CONSUL_VERSION", "1.17.1"))

files.put(name="Unbound", src="files/unbound-consul.conf", dest="/etc/unbound/unbound.conf.d/consul.conf")
files.put(name="Resolver", src="files/resolv.conf", dest="/etc/resolv.conf")
