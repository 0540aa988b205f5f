"""What every extraction worker needs in memory before its first document.

The forkserver imports this module once (`jixiao.isolation.PRELOAD`); workers forked from it
inherit the extraction core, the three readers (dispatch imports them on first use), jieba's
dictionaries and pandas (pyarrow loads it on its first conversion of Python values) instead
of loading them during their first document: 0.6 s each.
"""

import pyarrow

import extractors.docx
import extractors.pdf
import extractors.txt  # noqa: F401  (importing is the point, here and above)
import jixiao.extraction
import jixiao.tabulate  # noqa: F401
from parsers.tokenize import pos_tokenizer

pos_tokenizer()
pyarrow.array([0])
