"""Benchmarks of the archive (`make bench`): scale and peers, retrieval quality, reading real pages."""
