variable "app_name" {
  type    = string
  default = "consul"
}

variable "instance_type" {
  type    = string
  default = "t3a.medium"
}
