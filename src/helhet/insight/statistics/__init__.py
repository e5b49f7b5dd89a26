"""Statistics with plots (issue 12 §4) and the politicians' yearly report (§6).

One module per figure family; each builds `Figure`s from aggregates the database sums (a fixed number of
queries whatever the data size), with every count passed through `helhet.core.disclosure` first.
"""
