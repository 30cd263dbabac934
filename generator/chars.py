"""Which characters are Chinese: shared by the stages that read text (no imports of its own)."""

from __future__ import annotations

CJK_RANGES = ((0x3400, 0x9FFF), (0xF900, 0xFAFF))
"""Code points of the Chinese characters read as such: the unified ideographs with
extension A, and the compatibility ideographs."""
CJK = "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in CJK_RANGES)
"""CJK_RANGES as a regular expression's class: \\u3400-\\u9fff\\uf900-\\ufaff."""
