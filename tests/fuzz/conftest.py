"""Schemathesis runs only when asked for (`make fuzz`, i.e. `-m fuzz`): it takes about two minutes."""

import pytest


def pytest_collection_modifyitems(config, items):
    if "fuzz" in (config.option.markexpr or "") and "not fuzz" not in config.option.markexpr:
        return
    skip = pytest.mark.skip(reason="schemathesis runs with make fuzz (-m fuzz)")
    for item in items:
        if "tests/fuzz/" in str(item.fspath):
            item.add_marker(skip)
