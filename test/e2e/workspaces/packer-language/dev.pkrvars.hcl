app_name = "consul-dev"
greeting = "hi"
