"""What land or a project is for: the categories policies set quotas on."""

from __future__ import annotations

import enum

__all__ = ["HI_TECH_PARK_CATEGORIES", "Category"]


class Category(enum.StrEnum):
    """The activity a parcel is reserved for or used by, or a project carries out.

    The first two are the categories of the provincial quotas (DOMAIN.md §5);
    the next are the activities that Decree 35/2022/ND-CP counts toward a
    hi-tech park's 30%, and land for workers' housing and public services
    (DOMAIN.md §7).
    """

    HI_TECH = "hi_tech"
    SUPPORTING_INDUSTRY = "supporting_industry"
    INFORMATION_TECHNOLOGY = "information_technology"
    TECHNOLOGY_TRANSFER = "technology_transfer"
    INCUBATOR = "incubator"
    START_UP = "start_up"
    RESEARCH_AND_DEVELOPMENT = "research_and_development"
    TRAINING = "training"
    WORKERS_HOUSING = "workers_housing"  # nhà ở công nhân, and the services beside it
    OTHER = "other"


HI_TECH_PARK_CATEGORIES: frozenset[Category] = frozenset(
    {
        Category.HI_TECH,
        Category.INFORMATION_TECHNOLOGY,
        Category.TECHNOLOGY_TRANSFER,
        Category.INCUBATOR,
        Category.START_UP,
        Category.RESEARCH_AND_DEVELOPMENT,
        Category.TRAINING,
    }
)
"""The project categories that count toward a hi-tech park's 30% (Decree 35/2022/ND-CP)."""
