"""heraldcrawl: archive crawler for The Korea Herald and Herald Business."""

__version__ = "0.1.0"
