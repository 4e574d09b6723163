"""The text layer's messages in the site's language."""

from django.utils.translation import gettext

from .text.messages import Message, UserError


def translated(message: Message | UserError | str) -> str:
    """A message of the text layer (an error, a message with values, or a marked constant
    such as a removed line's reason) translated; an unknown text comes back as it is."""
    if isinstance(message, UserError):
        message = message.message
    if isinstance(message, Message):
        text = gettext(message.template)
        return text % message.params if message.params else text
    return gettext(message) if message else ""
