"""smilga: search, people and exact quotation for the biography of Ivar Smilga and its primary sources."""

__version__ = "0.1.0"
