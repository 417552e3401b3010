from pathlib import Path
from typing import Any

from pydantic import BaseModel


class VectorConfig(BaseModel):
    version: str = "0.34.1"
    configuration_directory: Path = Path("/etc/vector")
    configuration_templates: dict[Path, dict[str, Any]] = {}
