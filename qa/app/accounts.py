"""Who may do what: the accounts of QA_AUTH and their roles.

QA_AUTH "user:password[:role],..." names the accounts; a reader asks, reads and exports, an
editor also uploads and removes documents (and runs the 评测 tab). Without accounts, the app
is open to everyone as a reader, or, in single-user mode, to its one user as an editor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gradio as gr

ROLES = ("reader", "editor")


@dataclass(frozen=True)
class User:
    name: str
    password: str
    role: str = "reader"  # "reader" asks, reads and exports; "editor" also uploads and removes


def parse_users(text: str) -> list[User]:
    """QA_AUTH "user:password[:role][,user2:password2[:role]]" -> users; role reader (default) or editor.

    The password may hold ':'; a last ':reader' or ':editor' is read as the role."""
    users = []
    for item in (text or "").split(","):
        item = item.strip()
        if not item:
            continue
        name, colon, rest = item.partition(":")
        role = "reader"
        password, _, last = rest.rpartition(":")
        if password and last in ROLES:
            role = last
        else:
            password = rest
        if not colon or not name or not password:
            raise ValueError("QA_AUTH must look like user:password[:reader|editor][,user2:password2[:role]]")
        users.append(User(name, password, role))
    return users


def parse_auth(text: str) -> list[tuple[str, str]]:
    """(user, password) pairs of QA_AUTH for the login page."""
    return [(user.name, user.password) for user in parse_users(text)]



class Accounts:
    """The role rules for one process: who is an editor, and whether management exists at all."""

    def __init__(self, auth: str, single_user: bool) -> None:
        self.users = {user.name: user for user in parse_users(auth)}
        self.single_user = single_user

    @property
    def management_enabled(self) -> bool:
        """Uploads and removal exist only when someone may use them: an editor, or single-user mode."""
        if self.users:
            return any(user.role == "editor" for user in self.users.values())
        return self.single_user

    def role_of(self, request: gr.Request | None) -> str | None:
        """The caller's role from its gr.Request (its login name); None for an unknown login."""
        if not self.users:
            return "editor" if self.single_user else "reader"
        user = self.users.get(getattr(request, "username", None) or "")
        return user.role if user else None

    def may_manage(self, request: gr.Request | None) -> bool:
        return self.management_enabled and self.role_of(request) == "editor"
