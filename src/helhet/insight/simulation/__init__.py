"""Capacity simulation of the one-door office (domain.md §0 E): a seeded SimPy model, Erlang C, the page.

`parameters` holds what a scenario is, `model` runs it, `erlang` is the queueing theory it is checked
against, `arrivals` reads recorded inquiries as hourly arrival rates, `forms` and `views` are the page.
"""
