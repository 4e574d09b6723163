"""Messages the text layer gives its users, written in English and marked for translation.

The text layer never imports Django. Its messages are marked with `gettext_noop`, the
name `makemessages` looks for, and the pages translate them when they show them
(`archive.messages.translated`).
"""

from dataclasses import dataclass, field


def gettext_noop(message: str) -> str:
    """Mark `message` for translation and return it unchanged."""
    return message


@dataclass(frozen=True)
class Message:
    """A message with values put in when it is shown: `template` uses %(name)s fields."""

    template: str
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return self.template % self.params if self.params else self.template


class UserError(ValueError):
    """An error whose message a user reads: a stable `code` for programs, and the message,
    translatable, for people."""

    def __init__(self, code: str, template: str, **params):
        self.code = code
        self.message = Message(template, params)
        super().__init__(str(self.message))
