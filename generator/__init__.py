"""Generator of the bilingual archive of news on rural revitalization in Xizang."""

__version__ = "0.1.0"
