"""Uploads: reading an uploaded file for review, and keeping it on disk until it is reviewed."""

import re
import time
from pathlib import Path, PurePath

from django.conf import settings
from django.core.exceptions import ValidationError

from ..ingest import ParsedArticle, Parser, checksum
from ..text.decode import UnreadableInput

ALLOWED_UPLOAD_SUFFIXES = {".txt", ".text", ".html", ".htm"}


def upload_parse(*, data: bytes, filename: str, parser: Parser) -> ParsedArticle:
    """Check an upload's size and type and parse it; raise ValidationError if it is no article."""
    upload_check(data=data, filename=filename)
    try:
        return parser.parse_upload(data, filename=filename)
    except UnreadableInput as error:
        raise ValidationError(str(error)) from error


def upload_check(*, data: bytes, filename: str) -> None:
    """Refuse files the archive does not take, before reading them."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in ALLOWED_UPLOAD_SUFFIXES:
        allowed = ", ".join(sorted(ALLOWED_UPLOAD_SUFFIXES))
        raise ValidationError(f"Files of type “{suffix or 'none'}” are not taken; upload {allowed}.")
    limit = settings.ARCHIVE_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise ValidationError(f"The file is {len(data) / 1048576:.1f} MiB; the limit is {limit / 1048576:.1f} MiB.")


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
        raise ValidationError("This upload is no longer waiting for review (it expired); upload the file again.")
    path = Path(settings.ARCHIVE_STAGING_DIR) / f"{token}.upload"
    if not path.exists():
        raise ValidationError("This upload is no longer waiting for review (it expired); upload the file again.")
    data = path.read_bytes()
    if checksum(data) != token:
        raise ValidationError("The staged upload is damaged; upload the file again.")
    return data


def upload_discard(*, token: str) -> None:
    """Forget a staged upload once it is saved."""
    if _is_stage_token(token):
        (Path(settings.ARCHIVE_STAGING_DIR) / f"{token}.upload").unlink(missing_ok=True)
