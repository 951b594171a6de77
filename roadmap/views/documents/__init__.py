"""The pages of every document that goes through the approval mechanism (roadmap/approvals/).

Passports, progress reports, group compositions and indicators are read, created, edited and
decided on the same way, so the pages are written once:

- `kind` — what a page needs to know about one kind of document (`DocumentKind`);
- `passport`, `report`, `group`, `indicator` — one such declaration each;
- `kinds` — all of them, and the kind of an approval case's document;
- `access` — `document_for_user`: the one gate (404 / 403 with the reason) every page passes;
- `pages` — detail, create, edit and decide, the same for every kind.
"""
