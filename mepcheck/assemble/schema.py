"""The view model's shape: the contract between the assembler and every MEP template.

A template sees exactly these names, nothing else: plain dicts, lists, text, numbers
(``Decimal`` for money and shares), dates, and :class:`Image` for charts. The shape is
declared once, here, as ``TypedDict`` classes; the builder fills it
(:mod:`mepcheck.assemble.viewmodel`), the contract test checks that every built view
model matches it, and ``mepcheck template check`` checks a template's variables against
it (:mod:`mepcheck.assemble.templatecheck`).

Money is a ``Decimal`` in euros (format with ``|money``), a share a ``Decimal`` between 0
and 1 (``|percent``), a date a ``datetime.date`` (``|date``). ``None`` means "not given in
the plan" and prints as ``–``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypedDict


class Image:
    """Marker type: an inline picture (a chart); place it alone in a paragraph."""


# --- findings -------------------------------------------------------------------------


class FindingItem(TypedDict):
    code: str
    title: str
    severity: str
    """error, warning or info"""
    severity_label: str
    """Fehler, Warnung, Hinweis"""
    status: str
    """failed, passed, not_applicable, undetermined, waived"""
    status_label: str
    place: str
    """the object concerned (school, measure, service) or the plan"""
    path: str
    line: int | None
    message: str
    remedy: str
    basis: str
    waiver: str | None
    provisional: bool
    chapter: int
    family: str
    marker: str
    """short marker text, e.g. ``Fehler DP19-EIGENANTEIL``"""


class FindingGroup(TypedDict):
    """One block in a chapter: a rule with its places (``gruppiert``) or one finding
    (``vollstaendig``)."""

    code: str
    title: str
    marker: str
    severity: str
    severity_label: str
    status: str
    status_label: str
    count: int
    count_text: str
    """``6 Stellen``"""
    places: str
    """the affected places, compact (the rest counted, all in Annex B)"""
    message: str | None
    """the message when the block has one place"""
    remedy: str
    """once per block (only for open, not waived findings)"""
    waiver: str | None


class SeverityGroup(TypedDict):
    severity: str
    label: str
    findings: list[FindingItem]


class FindingChapterGroup(TypedDict):
    number: int
    title: str
    heading: str
    count: int
    severities: list[SeverityGroup]


class EvidenceRow(TypedDict):
    code: str
    title: str
    status_label: str
    count: int
    places: str


class FindingCounts(TypedDict):
    total: int
    open: int
    failed: int
    passed: int
    waived: int
    undetermined: int
    not_applicable: int
    errors: int
    warnings: int
    infos: int


class Findings(TypedDict):
    counts: FindingCounts
    groups: list[FindingChapterGroup]
    evidence: list[EvidenceRow]
    all: list[FindingItem]
    technical: list[FindingItem]
    """open findings with plan path and line (Annex E, for the plan's author)"""


# --- chapters and gaps ----------------------------------------------------------------


class Gap(TypedDict):
    label: str
    """``Abschnitt fehlt – erforderlich nach …`` (or ``empfohlen nach …``)"""
    kind: str
    basis: str
    missing: str
    """what the plan lacks: the message of the finding that marks the gap"""
    findings: list[FindingItem]
    """the chapter's other open findings"""
    groups: list[FindingGroup]
    note: str | None
    """which finding reports the gap (``Gemeldet als Warnung MEP-KAPITEL-…``), with its Ausnahme"""


class Chapter(TypedDict):
    number: int
    key: str
    title: str
    heading: str
    kind: str
    basis: str
    gap: Gap | None
    omitted: str | None
    """why the chapter has no content although it is present (e.g. Rückblick in an Erstplan)"""
    findings: list[FindingItem]
    """open findings of this chapter that belong to no row of a table"""
    groups: list[FindingGroup]
    """what the chapter shows of its findings (see ``doc.findings_mode``)"""


class Chapters(TypedDict):
    introduction: Chapter
    framework: Chapter
    retrospective: Chapter
    inventory: Chapter
    pedagogy: Chapter
    needs: Chapter
    measures: Chapter
    operations: Chapter
    training: Chapter
    data_protection: Chapter
    sustainability: Chapter
    finance: Chapter
    schedule: Chapter
    monitoring: Chapter
    annexes: Chapter


class ChapterMarkers(TypedDict):
    """Markers of one object, by the chapter of the findings (a table in chapter 4 shows
    only the chapter-4 findings of a school; its data sheet shows them all)."""

    introduction: str
    framework: str
    retrospective: str
    inventory: str
    pedagogy: str
    needs: str
    measures: str
    operations: str
    training: str
    data_protection: str
    sustainability: str
    finance: str
    schedule: str
    monitoring: str
    annexes: str


class TocEntry(TypedDict):
    number: str
    title: str
    heading: str
    level: int


# --- document, summary, chapter 1 and 2 -----------------------------------------------


class ResolutionInfo(TypedDict):
    body: str
    date: dt.date | None
    status: str
    reference: str | None


class DocInfo(TypedDict):
    title: str
    carrier: str
    carrier_type: str
    carrier_kind: str
    land: str
    land_name: str
    period: str
    period_start: int
    period_end: int
    kind: str
    is_update: bool
    reference_date: dt.date
    version: str
    author: str | None
    contact: str | None
    approach: str | None
    previous_plan: str | None
    technology_open: bool | None
    resolution: ResolutionInfo | None
    resolution_text: str
    carrier_budget: Decimal | None
    generator: str
    ruleset_version: str
    ruleset_date: dt.date
    ruleset_fingerprint: str
    profile: str
    profile_title: str
    profile_provisional: bool
    profile_notes: list[str]
    plan_sha256: str
    plan_sha256_short: str
    engine: str
    findings_mode: str
    """``keine``, ``gruppiert`` or ``vollstaendig``: how much of the findings the chapters show"""
    technical_annex: bool
    """whether Annex E (plan paths and lines for the plan's author) is part of the document"""


class Summary(TypedDict):
    schools: int
    pupils: int
    teachers: int
    classes: int
    rooms: int
    devices_total: int
    end_devices_total: int
    pupils_per_end_device: Decimal | None
    measures: int
    total_cost: Decimal
    total_investment: Decimal
    total_running: Decimal
    total_grant: Decimal
    total_own_share: Decimal
    own_share_ratio: Decimal | None
    cost_per_pupil: Decimal | None
    findings: FindingCounts
    verdict: str


class Framework(TypedDict):
    land_strategy: str | None
    kmk_strategy: bool | None
    funding_landscape: str | None
    text: str | None


# --- chapter 3 --------------------------------------------------------------------------


class GoalRow(TypedDict):
    goal: str
    status: str
    comment: str | None


class FundedAsset(TypedDict):
    school: str
    device: str
    quantity: int
    programme: str
    commissioned: dt.date | None
    earmark_until: dt.date | None
    planned_retirement: dt.date | None
    early_retirement: bool
    """planned retirement before the end of the Zweckbindung"""
    marker: str


class FundedSummaryRow(TypedDict):
    """Funded devices in the inventory, per programme."""

    programme: str
    positions: int
    devices: int
    earmark_from: dt.date | None
    earmark_until: dt.date | None
    early_devices: int
    """devices planned to leave before their Zweckbindung ends"""


class Retrospective(TypedDict):
    previous_period: str | None
    summary: str | None
    goals: list[GoalRow]
    hurdles: list[str]
    funded_assets: list[FundedAsset]
    funded_summary: list[FundedSummaryRow]
    funded_critical: list[FundedAsset]
    """funded positions retired early or with a finding"""


# --- chapter 4, 5 and the data sheets ---------------------------------------------------


class BandwidthInfo(TypedDict):
    current_mbit: int
    available_mbit: int | None
    fibre: str
    fibre_expected: dt.date | None


class CoverageInfo(TypedDict):
    lan: Decimal
    wlan: Decimal
    wlan_standard: str | None


class ConceptRow(TypedDict):
    name: str
    status: str
    date: dt.date | None
    covers: str


class InventoryRow(TypedDict):
    device: str
    category: str
    quantity: int
    purchase_year: int | None
    age: int | None
    programme: str
    earmark_until: dt.date | None
    planned_retirement: dt.date | None
    loan: bool
    marker: str


class SchoolGap(TypedDict):
    label: str
    missing: str


class MoneyFigures(TypedDict):
    investment: Decimal
    running: Decimal
    grant: Decimal
    own_share: Decimal
    total: Decimal


class MeasureRow(TypedDict):
    id: str
    title: str
    school: str
    school_id: str | None
    field: str
    field_key: str
    category: str
    device: str | None
    assignment: str | None
    quantity: int | None
    unit_cost: Decimal | None
    total_cost: Decimal
    grant: Decimal
    own_share: Decimal
    cost_type: str
    programme: str
    start: dt.date | None
    end: dt.date | None
    acceptance: dt.date | None
    year: int | None
    responsible: str | None
    justification: str | None
    marker: str
    findings: list[FindingItem]


class SchoolSheet(TypedDict):
    number: str
    """annex number of the data sheet, e.g. ``A.3``"""
    id: str
    name: str
    form: str
    category: str
    pupils: int
    teachers: int
    classes: int
    rooms: int
    bandwidth: BandwidthInfo | None
    bandwidth_text: str
    coverage: CoverageInfo | None
    concepts: list[ConceptRow]
    media_concept: str
    deployment_concept: str
    training_plan: str
    usage_policy: str
    inventory: list[InventoryRow]
    inventory_total: int
    end_devices: int
    pupils_per_end_device: Decimal | None
    platforms: str
    dpo: str | None
    onsite_fte: Decimal | None
    measures: list[MeasureRow]
    figures: MoneyFigures
    gaps: list[SchoolGap]
    marker: str
    markers: ChapterMarkers
    findings: list[FindingItem]
    groups: list[FindingGroup]


# --- chapter 6 and 7 --------------------------------------------------------------------


class ParticipationRow(TypedDict):
    group: str
    form: str
    date: dt.date | None
    participants: int | None


class StandardRow(TypedDict):
    form: str
    description: str


class Needs(TypedDict):
    summary: str | None
    participation: list[ParticipationRow]
    standards: list[StandardRow]
    priorities: list[str]


class FieldGroup(TypedDict):
    number: str
    key: str
    title: str
    count: int
    total_cost: Decimal
    total_grant: Decimal
    measures: list[MeasureRow]


class SchoolCosts(TypedDict):
    name: str
    count: int
    investment: Decimal
    running: Decimal
    grant: Decimal
    own_share: Decimal
    total: Decimal


class MeasureTotals(TypedDict):
    count: int
    investment: Decimal
    running: Decimal
    grant: Decimal
    own_share: Decimal
    total: Decimal


# --- chapter 8 and 9 --------------------------------------------------------------------


class SupportLevelRow(TypedDict):
    level: int
    party: str
    description: str | None


class StaffRow(TypedDict):
    role: str
    fte: Decimal
    persons: int
    funding: str
    funded_until: dt.date | None


class ContractRow(TypedDict):
    provider: str
    hours_per_year: int | None
    fte: Decimal | None
    annual_cost: Decimal | None
    until: dt.date | None


class CapacityRow(TypedDict):
    year: int
    fte: Decimal
    devices_per_fte: Decimal | None


class ServiceLevelInfo(TypedDict):
    response_hours: Decimal | None
    onsite_response_hours: Decimal | None
    ticket_system: bool


class NetworkInfo(TypedDict):
    separation: str
    segments: str


class TeacherDevicesInfo(TypedDict):
    model: str
    replacement_payer: str
    support_payer: str
    replacement_cycle_years: int | None


class ByodInfo(TypedDict):
    planned: bool
    loan_pool: int | None
    social_budget: Decimal | None
    support_budget: Decimal | None


class Operations(TypedDict):
    concept: str
    model: str
    levels: list[SupportLevelRow]
    staff: list[StaffRow]
    contracts: list[ContractRow]
    service_level: ServiceLevelInfo | None
    annual_cost: Decimal | None
    capacity: list[CapacityRow]
    commissioning: str | None
    support_fte: Decimal
    devices_per_fte: Decimal | None
    network: NetworkInfo | None
    teacher_devices: TeacherDevicesInfo | None
    byod: ByodInfo | None


class CarrierTrainingRow(TypedDict):
    topic: str
    audience: str
    period: str | None
    provider: str | None


class SchoolTrainingRow(TypedDict):
    """The Fortbildungsplanung of one school in one row."""

    school: str
    status: str
    date: dt.date | None
    count: int
    topics: str
    participants: int | None


class TrainingItemRow(TypedDict):
    school: str
    topic: str
    audience: str
    period: str | None
    participants: int | None


class Training(TypedDict):
    carrier: list[CarrierTrainingRow]
    schools: list[SchoolTrainingRow]
    entries: list[TrainingItemRow]
    """every training of every school, one row each"""


# --- chapter 10 and 11 ------------------------------------------------------------------


class SecurityInfo(TypedDict):
    basis: str | None
    status: str
    owner: str | None


class ServiceRow(TypedDict):
    id: str
    name: str
    kind: str
    product: str | None
    vendor: str | None
    controller: str
    relationships: str
    subjects: str
    legal_basis: str
    schools: str
    processors: str
    avv: str
    vvt: str
    dsfa: str
    dsfa_threshold: str
    third_country: str
    locations: str
    deletion: str
    toms: str
    privacy_notice: str
    usage_policy: str
    marker: str
    findings: list[FindingItem]


class DataProtection(TypedDict):
    dpo: str | None
    security: SecurityInfo | None
    incident_process: str
    services: list[ServiceRow]


class ProcurementRow(TypedDict):
    id: str
    device: str
    estimated_value: Decimal
    env_criteria: str
    award_criteria: str
    warranty_years: int | None
    spare_parts_years: int | None
    refurbished_considered: bool | None
    measures: str
    marker: str


class LifecycleRow(TypedDict):
    device: str
    replacement_cycle_years: int | None
    planned_life_years: int | None
    running_cost_per_unit: Decimal | None
    update_support_until: int | None
    battery_replaceable: bool | None
    annual_kwh: Decimal | None
    markers: ChapterMarkers


class EndOfLifeInfo(TypedDict):
    status: str
    reuse: bool
    certified_erasure: bool
    take_back: bool
    no_stockpiling: bool
    erasure_method: str | None
    owner: str | None


class Sustainability(TypedDict):
    criteria: str
    procurements: list[ProcurementRow]
    lifecycle: list[LifecycleRow]
    end_of_life: EndOfLifeInfo | None
    refurbished_share: int | None


# --- chapter 12 ---------------------------------------------------------------------------


class BudgetRow(TypedDict):
    year: str
    investment: Decimal
    replacement: Decimal
    running: Decimal
    support: Decimal
    licences: Decimal
    energy: Decimal
    dp_infosec: Decimal
    total: Decimal
    own_funds: Decimal
    grants_total: Decimal
    third_party: Decimal
    grants_text: str
    """grants per programme and third-party funds (Drittmittel) as one text"""
    funding_total: Decimal
    own_ratio: Decimal | None
    balance: Decimal
    budget_line: str | None
    status: str
    marker: str
    findings: list[FindingItem]


class ProgrammeRow(TypedDict):
    programme: str
    measure_cost: Decimal
    measure_grant: Decimal
    budget_grants: Decimal
    budget: Decimal | None
    """the Träger's budget of the programme (DigitalPakt 2019: 'traegerbudget')"""
    marker: str


class LicenceRow(TypedDict):
    product: str
    service: str | None
    unit: str
    unit_price: Decimal
    count: int
    annual_cost: Decimal
    from_year: int
    until_year: int
    programme: str
    marker: str


class ProjectionRow(TypedDict):
    year: int
    label: str
    investment: Decimal
    replacement: Decimal
    running: Decimal
    support: Decimal
    licences: Decimal
    energy: Decimal
    total: Decimal
    budgeted: Decimal
    funded: Decimal
    gap: Decimal
    after_funding: bool
    in_plan_period: bool
    marker: str


class AssumptionRow(TypedDict):
    label: str
    value: str
    source: str
    status: str


class ProjectionInfo(TypedDict):
    years: list[ProjectionRow]
    funding_end_year: int
    last_year: int
    total_gap: Decimal
    gap_after_funding: Decimal
    assumptions: list[AssumptionRow]
    defaults_used: str | None
    findings: list[FindingItem]


class Finance(TypedDict):
    years: list[BudgetRow]
    totals: BudgetRow
    budget_gap: Gap | None
    programmes: list[ProgrammeRow]
    carrier_budget: Decimal | None
    programme_findings: list[FindingItem]
    """open findings about one programme (budget, grants in measures vs budget rows)"""
    measures: MeasureTotals
    measures_own_share_ratio: Decimal | None
    own_share_in_budget: Decimal
    """own share of the measures the budget rows must finance (from their first year)"""
    own_funds_in_budget: Decimal
    licences: list[LicenceRow]
    lifecycle: list[LifecycleRow]
    lifecycle_gap: Gap | None
    projection: ProjectionInfo
    year_findings: list[FindingItem]


# --- chapter 13 and 14 ------------------------------------------------------------------


class MilestoneRow(TypedDict):
    date: dt.date
    title: str
    owner: str | None
    measures: str
    marker: str


class Schedule(TypedDict):
    measures: list[MeasureRow]
    milestones: list[MilestoneRow]


class IndicatorRow(TypedDict):
    name: str
    unit: str | None
    baseline: Decimal
    target: Decimal
    year: int
    source: str | None


class Monitoring(TypedDict):
    indicators: list[IndicatorRow]
    review_months: int | None
    next_update: int | None
    owner: str | None


# --- charts and the whole context -------------------------------------------------------


class Chart(TypedDict):
    image: Image
    caption: str
    alt: str


class Charts(TypedDict):
    budget: Chart | None
    devices: Chart | None
    follow_up: Chart | None
    logo: Chart | None
    """the carrier's logo for the title page (``assemble --logo``)"""


class Carrier(TypedDict):
    name: str
    land_name: str
    kind: str
    type: str
    contact: str | None
    dpo: str | None


class ViewModel(TypedDict):
    """Every name a MEP template may use."""

    doc: DocInfo
    summary: Summary
    toc: list[TocEntry]
    chapters: Chapters
    carrier: Carrier
    framework: Framework
    retrospective: Retrospective
    schools: list[SchoolSheet]
    needs: Needs
    fields: list[FieldGroup]
    measures: list[MeasureRow]
    measures_by_school: list[SchoolCosts]
    measure_totals: MeasureTotals
    operations: Operations
    training: Training
    data_protection: DataProtection
    sustainability: Sustainability
    finance: Finance
    schedule: Schedule
    monitoring: Monitoring
    findings: Findings
    charts: Charts
