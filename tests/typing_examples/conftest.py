# The typing examples are checked by mypy (test_typing.py), never imported: bad.py's calls fail.
collect_ignore = ["good.py", "bad.py"]
