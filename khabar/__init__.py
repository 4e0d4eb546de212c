"""khabar: Arabic news in, evidence-linked records of who did what to whom, where and when, and who said what."""

__version__ = "0.1.0"
