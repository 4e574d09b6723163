"""Uploads: reading an uploaded file for review, and keeping it on disk until it is reviewed."""

import re
import time
from pathlib import Path, PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..ingest import ParsedArticle, Parser, checksum
from ..text.decode import UnreadableInput
from ..translation import translated

ALLOWED_UPLOAD_SUFFIXES = {".txt", ".text", ".html", ".htm"}


def upload_parse(*, data: bytes, filename: str, parser: Parser) -> ParsedArticle:
    """Check an upload's size and type and parse it; raise ValidationError if it is no article."""
    upload_check(data=data, filename=filename)
    try:
        return parser.parse_upload(data, filename=filename)
    except UnreadableInput as error:
        raise ValidationError(translated(error), code=error.code) from error


def upload_check(*, data: bytes, filename: str) -> None:
    """Refuse files the archive does not take, before reading them."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in ALLOWED_UPLOAD_SUFFIXES:
        allowed = ", ".join(sorted(ALLOWED_UPLOAD_SUFFIXES))
        raise ValidationError(
            _("Files of type «%(suffix)s» are not taken; upload %(allowed)s.") % {"suffix": suffix or _("none"), "allowed": allowed},
            code="file_type",
        )
    limit = settings.ARCHIVE_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise ValidationError(
            _("The file is %(size).1f MB; the limit is %(limit).1f MB.") % {"size": len(data) / 1048576, "limit": limit / 1048576},
            code="file_size",
        )


# Staged uploads older than this are removed when the next upload is staged.
STAGING_MAX_AGE_SECONDS = 24 * 3600
_STAGE_TOKEN = re.compile(r"^[0-9a-f]{64}$")


def _is_stage_token(token) -> bool:
    """Whether `token` (from a form an admin's browser sent back, maybe tampered) names a staged upload."""
    return isinstance(token, str) and bool(_STAGE_TOKEN.match(token))


def upload_stage(*, data: bytes) -> str:
    """Keep an upload's bytes on disk until the admin has reviewed it; return its token."""
    directory = Path(settings.ARCHIVE_STAGING_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for old in directory.glob("*.upload"):
        if now - old.stat().st_mtime > STAGING_MAX_AGE_SECONDS:
            old.unlink(missing_ok=True)
    token = checksum(data)
    target = directory / f"{token}.upload"
    if not target.exists():
        partial = directory / f"{token}.partial"
        partial.write_bytes(data)
        partial.replace(target)
    return token


def upload_unstage(*, token: str) -> bytes:
    """The bytes of a staged upload; ValidationError if the token is unknown or expired."""
    if not _is_stage_token(token):
        raise ValidationError(_("This upload is no longer waiting for review (it expired); upload the file again."), code="expired")
    path = Path(settings.ARCHIVE_STAGING_DIR) / f"{token}.upload"
    if not path.exists():
        raise ValidationError(_("This upload is no longer waiting for review (it expired); upload the file again."), code="expired")
    data = path.read_bytes()
    if checksum(data) != token:
        raise ValidationError(_("The staged upload is damaged; upload the file again."), code="damaged")
    return data


def upload_discard(*, token: str) -> None:
    """Forget a staged upload once it is saved."""
    if _is_stage_token(token):
        (Path(settings.ARCHIVE_STAGING_DIR) / f"{token}.upload").unlink(missing_ok=True)
