"""What every section builder receives: the derived accounts, the presentation style and the
region profile."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..accounts import Accounts
from ..model import FinalAccounts
from ..regions import Region
from ..wording import Style, note_missing_figure


@dataclass(frozen=True)
class Ctx:
    accounts: Accounts
    style: Style
    region: Region
    evaluation: Any = None  # the render's 绩效自评 ``Evaluation``, computed once and passed in
    built: dict[str, Any] = field(default_factory=dict, compare=False)

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
        chosen = self.model.presentation.zero_categories or self.region.zero_categories
        return chosen == "list"

    def label(self, key: str, default: str) -> str:
        """A term as the input (presentation.labels) or the region words it."""
        return self.model.presentation.labels.get(key) or self.region.labels.get(key, default)

    def keep(self, value: Decimal | int) -> bool:
        """Whether a category of this value is listed (zero categories per the option)."""
        return bool(value) or self.list_zeros

    def keep_vehicle(self, count: int) -> bool:
        """Whether a vehicle category of this count is listed (zero_vehicles, else as categories)."""
        if self.region.zero_vehicles is None:
            return self.keep(count)
        return bool(count) or self.region.zero_vehicles == "list"

    def say(self, key: str, **values: object) -> str:
        """Sentence ``key`` in the region's wording ('' when the region does not print it)."""
        common = {"unit": self.model.unit.name, "year": self.year, "prior_year": self.prior}
        return self.region.sentence(key, **{**common, **values}) or ""

    def required_figure(self, value, what: str, path: str, *, prior: bool = True):
        """A figure a printed sentence needs (a prior-year figure, a 全年预算, …); a missing one
        is recorded (a finding before rendering) and the sentence leaves it out, never guessed.
        ``prior``: the figure is the prior year's (named with that year), else this year's."""
        if value is None:
            note_missing_figure(self.style, f"{self.prior if prior else self.year}{what}", path)
        return value

    def figure(self, value, what: str, path: str):
        """This year's figure ``value`` (a ``model.Figure``) a sentence prints; not given, it is
        recorded as missing and the caller leaves its clause out."""
        return self.required_figure(value, what, path, prior=False)

    def section(self, key: str, builder: Callable[[Ctx], dict[str, object]]) -> dict[str, object]:
        """The builder's fragment, built once per render."""
        if key not in self.built:
            self.built[key] = builder(self)
        return self.built[key]
