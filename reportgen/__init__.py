"""reportgen: the annual 部门决算 and 绩效自评 reports of a Chinese public-sector department,
generated from one structured input."""

__version__ = "0.1.0"
