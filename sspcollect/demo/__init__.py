"""The synthetic demo behind `sspcollect demo`: schools, users, collections, and a national scale.

`small` loads a few hundred schools in five force areas with a user of every role;
`collections` gives them a closed and an open collection full of answers; `national` builds
every school in England and Wales with five years of collections, for the benchmarks and the
effectiveness estimates (its history, with a planted effect, is made in `history`).
"""

from sspcollect.demo.small import DEMO_DOMAIN, DEMO_FORCES, DEMO_PASSWORD, DemoSignIns, load_demo

__all__ = ["DEMO_DOMAIN", "DEMO_FORCES", "DEMO_PASSWORD", "DemoSignIns", "load_demo"]
