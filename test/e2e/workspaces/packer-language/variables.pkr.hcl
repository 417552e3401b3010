variable "app_name" {
  type        = string
  default     = "consul"
  description = "Name of the application baked into the image."
}

variable "greeting" {
  type        = string
  default     = "hello"
  description = "What the provisioner says."
}
