from .agencies import Agency, AgencyKind
from .categories import Category, Sector
from .municipalities import Municipality, MunicipalityKind
from .officials import Official, Role, RoleAssignment
from .routing import RoutingRule

__all__ = [
    "Agency",
    "AgencyKind",
    "Category",
    "Municipality",
    "MunicipalityKind",
    "Official",
    "Role",
    "RoleAssignment",
    "RoutingRule",
    "Sector",
]
