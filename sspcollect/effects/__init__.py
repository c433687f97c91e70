"""Do Safer School Partnerships work? Effects estimated from the collection's own panel.

- estimator.py: Callaway and Sant'Anna's (2021) difference-in-differences for staggered
  adoption, with its influence functions, aggregations and the pre-trend test; no database.
- simulate.py: synthetic panels with a planted effect, for the validation study and tests.
"""
