"""IMR Explorer: California IMR final determinations -> structured records -> a static site.

Pipeline (one module per stage, see README): read -> clean -> parse -> normalize -> aggregate
-> render -> write, then ``mkdocs build --strict``.
"""

__version__ = "0.1.0"
