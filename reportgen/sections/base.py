"""What every section builder receives: the derived accounts and the presentation style."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..accounts import Accounts
from ..model import FinalAccounts
from ..wording import Style


@dataclass(frozen=True)
class Ctx:
    accounts: Accounts
    style: Style
    evaluation: Any = None  # the render's 绩效自评 ``Evaluation``, computed once and passed in

    @property
    def model(self) -> FinalAccounts:
        return self.accounts.model

    @property
    def year(self) -> str:
        return f"{self.accounts.year}年度"

    @property
    def prior(self) -> str:
        return f"{self.accounts.prior_year}年度"

    @property
    def list_zeros(self) -> bool:
        return self.model.presentation.zero_categories == "list"

    def label(self, key: str, default: str) -> str:
        """A glossary label, unless the input overrides it (presentation.labels)."""
        return self.model.presentation.labels.get(key, default)

    def keep(self, value: Decimal | int) -> bool:
        """Whether a category of this value is listed (zero categories per the option)."""
        return bool(value) or self.list_zeros
