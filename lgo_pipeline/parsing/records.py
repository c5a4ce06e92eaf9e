"""The parse record: the contract shared by `lgo-pipeline parse --jsonl` and `parsed.decisions`."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

RemedyKind = Literal[
    "payment", "refund", "apology", "reassessment", "procedure_review", "staff_training", "other"
]
Signatory = Literal["investigator", "ombudsman"]
DocumentType = Literal["statement", "report"]
RemedyPurpose = Literal[
    "distress", "time_and_trouble", "lost_education", "financial_loss", "refund_of_charges", "other"
]


class Remedy(BaseModel):
    """One action the body agreed (or was asked) to take; payments carry their amount."""

    kind: RemedyKind
    amount_gbp: float | None = None
    rate: str | None = Field(None, description="'per month', 'per term'...: amount_gbp is per period")
    recipient: str | None = None
    purpose: RemedyPurpose | None = None
    due_within_days: int | None = None
    already_provided: bool = Field(
        False, description="the body had given it before the decision and the Ombudsman accepted it, rather than "
                           "agreed or been asked to give it")
    text: str


class SetAside(BaseModel):
    """A value read from the page that no real decision can have: kept out of the record, and why."""

    field: Literal["decision_date", "amount_gbp", "due_within_days"]
    value: str  # as read: 2009-02-11, 4000000000.0, 1000
    reason: str  # before 2010 | after today (2026-11-30) | outside £0.01-£1,000,000 | ...


class DecisionRecord(BaseModel):
    """Everything read from one raw file. `ok` is False when the file is quarantined (see `error`)."""

    source: str
    ok: bool
    error: str | None = None
    reference: str | None = None
    chapter: int | None = Field(None, description="a report's later chapter (2, 3, ...) in a file of its own")
    organisation: str | None = None
    category: str | None = None
    category_top: str | None = None
    category_sub: str | None = None
    outcome: str | None = None
    outcome_canonical: str = "unknown"
    outcome_source: Literal["page", "text"] | None = Field(
        None, description="page: the Decision line; text: read from what the page says was decided (no Decision line)")
    decision_date: dt.date | None = None
    complainant: str | None = None
    summary: str | None = None
    signed_by: Signatory | None = Field(None, description="investigator (on behalf of the Ombudsman) or ombudsman")
    document_type: DocumentType | None = Field(None, description="statement (of reasons) or report, when the text says")
    remedies: list[Remedy] = Field(default_factory=list)
    remedy_amounts_gbp: list[float] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    set_aside: list[SetAside] = Field(default_factory=list, description="values read but impossible, kept out")
    compliance_date: dt.date | None = Field(
        None, description="when the Ombudsman recorded it was satisfied the body had done what it agreed (older pages)")

    @classmethod
    def quarantined(cls, source: str, reason: str) -> DecisionRecord:
        return cls(source=source, ok=False, error=reason)
