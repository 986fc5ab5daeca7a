"""Model, check and project industrial-zone policy."""

from industrial_policy.errors import IndustrialPolicyError

__version__ = "0.1.0.dev0"

__all__ = ["IndustrialPolicyError", "__version__"]
