from pydantic import BaseModel


class BaselineConfig(BaseModel):
    packages: list[str] = [
        "curl",
        "gnupg",
        "jq",
        "unzip",
        "ca-certificates",
    ]
