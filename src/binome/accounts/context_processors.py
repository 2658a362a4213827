from binome.accounts.models import Role


def membership(request):
    roles = getattr(request, "roles", frozenset())
    return {
        "current_programme": getattr(request, "programme", None),
        "user_programmes": getattr(request, "programmes", ()),
        "roles": roles,
        "role_labels": [Role(r).label for r in sorted(roles)],
    }
