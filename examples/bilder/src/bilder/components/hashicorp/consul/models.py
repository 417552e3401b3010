from pydantic import BaseModel


class ConsulTelemetry(BaseModel):
    disable_hostname: bool = True
    prometheus_retention_time: str = "60s"


class ConsulConfig(BaseModel):
    datacenter: str
    server: bool = False
    bootstrap_expect: int | None = None
    ui: bool = False
    data_dir: str = "/var/lib/consul"
    client_addr: str = "127.0.0.1"
    telemetry: ConsulTelemetry = ConsulTelemetry()
