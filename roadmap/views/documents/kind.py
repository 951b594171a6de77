"""`DocumentKind`: what the document pages need to know about one kind of approvable document.

A kind declares its names, templates, form and messages as class attributes and fills in a few
hooks: how to fetch it for a user (a selector), who may create and edit it, which service saves
it. The generic pages (`roadmap.views.documents.pages`) do everything else the same way for every
kind, so a new kind of document gets its pages by one declaration.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.urls import reverse
from django.utils.functional import Promise

from roadmap.services.approvals import ApprovalRefused, check_editable


@dataclass(frozen=True)
class DocumentForms:
    """The bound form of a document page with its lists (formsets), and the names its template
    knows them by."""

    form: forms.Form
    formsets: tuple[forms.BaseFormSet, ...] = ()
    context: dict = field(default_factory=dict)

    def is_valid(self) -> bool:
        return self.form.is_valid() and all(formset.is_valid() for formset in self.formsets)


class DocumentKind:
    model: type
    name: str  # the document's name in its templates ("version", "report", ...)
    section = "passports"  # the item of the projects' sub-menu lit on its pages
    url_name: str  # its page; the edit page is "<url_name>_edit"
    detail_template: str
    form_template: str
    form_class: type[forms.Form]
    saved_message: str | Promise
    created_message: str | Promise | None = None  # None: the same as saved_message

    def detail_url(self, document) -> str:
        return reverse(self.url_name, args=[document.pk])

    # ---- reads -------------------------------------------------------------------------------

    def fetch(self, user, pk: int):
        """The document with what its pages show; Http404 when the user does not read its sector."""
        raise NotImplementedError

    def fetch_parent(self, user, parent_pk: int):
        """The project a new document is made in (reports, groups); Http404 when not readable."""
        raise NotImplementedError

    def case(self, document):
        return document.approval

    # ---- who may ------------------------------------------------------------------------------

    def check_create(self, user, parent):
        """Raises ApprovalRefused when the user may not create one; otherwise returns what he may
        create it for (sectors to choose from, kinds), or None."""
        raise NotImplementedError

    def check_edit(self, user, document) -> None:
        """Raises ApprovalRefused when the user may not edit the document now. The approval rules
        decide: only a draft or a returned document, only by its author's role and sector."""
        check_editable(case=self.case(document), by=user)

    def may_edit(self, user, document) -> bool:
        # The page offers "Изменить" exactly when the edit page would let him in.
        try:
            self.check_edit(user, document)
        except ApprovalRefused:
            return False
        return True

    def create_back_url(self, parent) -> str:
        """Where a refused "new document" sends the user back to."""
        return reverse("roadmap:passports")

    # ---- forms and writes ---------------------------------------------------------------------

    def initial(self, document) -> dict:
        return {}

    def bind_new(self, data, *, user, parent, scope) -> DocumentForms:
        return DocumentForms(self.form_class(data))

    def bind_existing(self, data, *, user, document) -> DocumentForms:
        return DocumentForms(self.form_class(data, initial=self.initial(document)))

    def create(self, forms: DocumentForms, *, user, parent, scope):
        """Calls the kind's service; an ApprovalRefused is shown on the form."""
        raise NotImplementedError

    def update(self, forms: DocumentForms, *, user, document):
        raise NotImplementedError

    # ---- what else the pages show -------------------------------------------------------------

    def detail_context(self, user, document) -> dict:
        return {}

    def form_context(self, *, document, parent) -> dict:
        return {}
