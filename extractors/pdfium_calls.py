"""PDFium functions for hot loops, called without pypdfium2's argument conversion.

pypdfium2 declares every function's ``argtypes``, so ctypes runs each argument through
its type's ``from_param`` check: over half the cost of a call that does little work in
PDFium (one character's box, one path segment's point). The loops making thousands of
such calls per page use these bare bindings of the same C functions instead, and pass
only small ints (an index) and ready-made ctypes pointers or handles, which ctypes hands
on unchanged. A parameter wider than ``int`` (``unsigned long``, ``size_t``) or a
floating-point one needs the typed binding.
"""

from __future__ import annotations

import ctypes
from typing import Any


def unchecked(function: Any) -> Any:
    """``function`` (a pypdfium2 binding) without ``argtypes``; same C function and result type."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    if address is None:
        raise ValueError(f"{function!r} has no address")
    bare: Any = ctypes.CFUNCTYPE(function.restype)(address)
    bare.argtypes = None
    return bare
