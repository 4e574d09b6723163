"""Arabic text analysis for the archive: plain Python that never imports Django.

normalise and tokenise (`normalize`, `tokenize`), read raw uploads (`decode`, `html`),
cut a scraped page down to its article (`segment`), find its date (`dates`) and the actors
it names (`actors`).
"""
