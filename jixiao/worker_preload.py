"""What every extraction worker needs in memory before its first document.

The forkserver imports this module once (`jixiao.isolation.PRELOAD`); workers forked from it
inherit the extraction core with its readers, jieba's dictionaries and pandas (pyarrow loads it
on its first conversion of Python values) instead of loading them during their first document.
"""

import pyarrow

import jixiao.extraction  # importing is the point, here and below
import jixiao.tabulate  # noqa: F401
from parsers.tokenize import pos_tokenizer

pos_tokenizer()
pyarrow.array([0])
