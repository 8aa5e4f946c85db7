"""Exercise declarations that belong to no single module area (one file per section).

``start`` holds chapter 0, "Start here". Areas with their own package declare
theirs in ``ckmkit/<area>/exercises.py`` instead (see ``docs/EXERCISES.md``).
"""
