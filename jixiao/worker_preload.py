"""What every extraction worker needs in memory before its first document.

The forkserver imports this module once (`jixiao.isolation.PRELOAD`); workers forked from it
inherit the extraction core and jieba's dictionaries (a second of start-up each) instead of
loading them again for every worker.
"""

import jixiao.extraction  # noqa: F401  (the import is the point)
from parsers.tokenize import pos_tokenizer

pos_tokenizer()
