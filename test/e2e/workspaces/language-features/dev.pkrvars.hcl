app_name      = "consul-dev"
instance_type = "t3a.small"
