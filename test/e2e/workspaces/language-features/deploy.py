import os

APP_NAME = os.environ.get("APP_NAME", "consul")
