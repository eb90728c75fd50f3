"""The demo club behind ``bashgah demo``: a believable Persian loyalty club with months of
history, built through the same services the tills and the API use."""

from bashgah.demo.load import (
    DEMO_PASSWORD,
    DEMO_USERNAME,
    DemoCredentials,
    DemoRefused,
    DemoSummary,
    demo_credentials,
    load_demo,
)

__all__ = [
    "DEMO_PASSWORD",
    "DEMO_USERNAME",
    "DemoCredentials",
    "DemoRefused",
    "DemoSummary",
    "demo_credentials",
    "load_demo",
]
