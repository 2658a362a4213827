import secrets


def new_token() -> str:
    """A random URL-safe secret (private calendar feeds, one-use links)."""
    return secrets.token_urlsafe(32)
