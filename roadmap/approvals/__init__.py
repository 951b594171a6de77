"""One approval mechanism for every document of the ЦУР (DESIGN.md §5, Положение п.7, 10, 11, 14–15).

- `chains` — the chains as data: who drafts, who agrees, who approves;
- `registry` — which models are approvable and how to reach, name and check each one;
- `roadmap.models.approvals` — the case of one document and its immutable decisions;
- `roadmap.services.approvals` — submit, agree, approve, return, with the actor checked;
- `roadmap.selectors.approvals` — "waiting for me" and a document's timeline.
"""
