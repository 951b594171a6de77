"""What every page's layout needs: the region's name, the navigation and the user's roles.

The navigation and roles are computed lazily, so pages that do not show them (the admin, error
pages) do not pay the roles query.
"""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from cur.access import access_for
from cur.navigation import USER_MENU_ITEMS, nav_for
from cur.roles import RoleCode


def role_labels(user) -> list[str]:
    """Names of the user's ЦУР roles in the order RoleCode lists them."""
    roles = access_for(user).roles
    return [label for code, label in RoleCode.choices if code in roles]


def portal(request):
    user = getattr(request, "user", None)
    return {
        "portal_region_name": settings.CUR_REGION_NAME,
        "portal_nav": SimpleLazyObject(lambda: nav_for(user, request.path) if user is not None else []),
        "portal_user_menu": SimpleLazyObject(lambda: nav_for(user, request.path, USER_MENU_ITEMS) if user is not None else []),
        "portal_user_roles": SimpleLazyObject(lambda: role_labels(user) if user is not None else []),
    }
