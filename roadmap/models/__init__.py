from .approvals import ApprovalCase, Decision
from .groups import GroupComposition, GroupKind, GroupMember
from .indicators import Indicator, IndicatorKind, IndicatorPlan
from .passports import (
    FundingSource,
    MilestoneKind,
    PassportFunding,
    PassportGoal,
    PassportIndicator,
    PassportMilestone,
    PassportParticipant,
    PassportTask,
    PassportVersion,
    Project,
)
from .reports import ProgressReport
from .risks import Risk, RiskEscalation, RiskLevel, RiskState
from .roadmap_items import ItemState, RoadmapItem, RoadmapVersion

__all__ = [
    "ApprovalCase", "Decision", "FundingSource", "GroupComposition", "GroupKind", "GroupMember", "Indicator",
    "IndicatorKind", "IndicatorPlan", "ItemState", "MilestoneKind", "PassportFunding", "PassportGoal",
    "PassportIndicator", "PassportMilestone", "PassportParticipant", "PassportTask", "PassportVersion", "Project",
    "ProgressReport", "Risk", "RiskEscalation", "RiskLevel", "RiskState", "RoadmapItem", "RoadmapVersion",
]
