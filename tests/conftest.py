"""Suite-wide settings: property tests are deterministic and never time out on a busy machine.

Hypothesis draws the same examples on every run (derandomize), so a red CI always means a
real regression that reproduces locally; the per-example deadline is off because CI's 2
cores are shared with the servers the suite starts.
"""

from hypothesis import settings

settings.register_profile("jixiao", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("jixiao")
