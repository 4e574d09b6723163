"""Sources and the actor gazetteer: loading their fixtures, naming a source."""

import json
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from ..models import Actor, ActorAlias, Source
from ..search.analysis import reset_analysis
from ..selectors import source_named
from ..text.actors import RECORD_ALIAS_KEYS, normalize_alias


def source_resolve(*, name: str, slug: str | None = None) -> Source | None:
    """The source written as `name` (or with `slug`), created if the archive has none yet."""
    found = source_named(name=name, slug=slug)
    if found:
        return found
    name = " ".join(name.split())
    if not name:
        return None
    base = slugify(name, allow_unicode=True)[:90] or "source"
    candidate, number = base, 2
    while Source.objects.filter(slug=candidate).exists():
        candidate, number = f"{base}-{number}", number + 1
    return Source.objects.create(name=name[:200], slug=candidate)


@transaction.atomic
def sources_load(*, path: Path) -> int:
    """Create or update the sources listed in a JSON fixture; return how many it lists."""
    records = json.loads(Path(path).read_text(encoding="utf-8"))["sources"]
    for record in records:
        Source.objects.update_or_create(
            slug=record["slug"],
            defaults={
                "name": record["name"],
                "name_en": record.get("name_en", ""),
                "url": record.get("url", ""),
                "aliases": "\n".join(record.get("aliases", [])),
                "domains": "\n".join(record.get("domains", [])),
                "country": record.get("country", ""),
            },
        )
    return len(records)


@transaction.atomic
def gazetteer_load(*, path: Path) -> int:
    """Create or update the actors of a gazetteer fixture with their aliases; return how many.

    Aliases the fixture lists are added; aliases an admin added are kept.
    """
    records = json.loads(Path(path).read_text(encoding="utf-8"))["actors"]
    for record in records:
        actor, _ = Actor.objects.update_or_create(
            slug=record["slug"],
            defaults={
                "name": record["name"],
                "name_en": record["name_en"],
                "kind": record["kind"],
                "wikidata_id": record.get("wikidata_id", ""),
            },
        )
        existing = set(actor.aliases.values_list("normalized", "role"))
        new_aliases = []
        for key, role in RECORD_ALIAS_KEYS:
            for text in record.get(key, []):
                normalized = normalize_alias(text)
                if (normalized, role.value) not in existing:
                    existing.add((normalized, role.value))
                    new_aliases.append(ActorAlias(actor=actor, text=text, role=role.value, normalized=normalized))
        ActorAlias.objects.bulk_create(new_aliases)
    transaction.on_commit(reset_analysis)
    return len(records)
