"""Administrative procedures, their online service levels, rates and fees."""

from industrial_policy.services.procedures import (
    GovernmentLevel,
    OnlineService,
    Procedure,
)

__all__ = ["GovernmentLevel", "OnlineService", "Procedure"]
