"""绩效自评: scoring, evaluation and the self-evaluation documents (domain.md §6)."""

from .evaluate import Evaluation, evaluate
from .scoring import grade

__all__ = ["Evaluation", "evaluate", "grade"]
