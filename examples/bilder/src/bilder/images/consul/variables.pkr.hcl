variable "app_name" {
  type        = string
  default     = "consul"
  description = "Selects the deploy and names the AMI."
}

variable "build_environment" {
  type        = string
  default     = "operations-ci"
  description = "Value of the Environment tag on the subnet the build instance runs in."
}

variable "business_unit" {
  type    = string
  default = "operations"
}

variable "consul_version" {
  type        = string
  default     = "1.17.1"
  description = "Consul release installed into the image; deploy.py reads it as CONSUL_VERSION."
}

variable "node_type" {
  type    = string
  default = "server"
  validation {
    condition     = contains(["server", "client"], var.node_type)
    error_message = "The node_type must be \"server\" or \"client\"."
  }
}

variable "instance_type" {
  type    = string
  default = "t3a.medium"
}
