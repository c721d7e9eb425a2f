"""vngov: structured, verifiable data from Vietnamese government notices.

>>> import vngov
>>> r = vngov.extract("Kế hoạch số 04/KH-UBND ngày 13 tháng 01 năm 2021")
>>> r.document_numbers[0].normalized, r.dates[0].value
('04/KH-UBND', '2021-01-13')
"""

from vngov.api import extract
from vngov.model import (
    FIELDS,
    SCHEMA,
    Campaign,
    DateMention,
    DocumentMetadata,
    DocumentNumber,
    Extraction,
    Location,
    Mention,
    Official,
    Organization,
    Period,
    Reference,
)

__version__ = "0.1.0"

__all__ = [
    "FIELDS",
    "SCHEMA",
    "Campaign",
    "DateMention",
    "DocumentMetadata",
    "DocumentNumber",
    "Extraction",
    "Location",
    "Mention",
    "Official",
    "Organization",
    "Period",
    "Reference",
    "__version__",
    "extract",
]
