"""Python's own string rules, for the evaluation tests to compare against.

`spaces`: prints every BMP code point for which str.isspace() holds, comma separated.
`words`: reads a JSON list of strings, prints len(re.split(r"\\s+", s)) for each, one per line.
"""
import json
import re
import sys

if sys.argv[1] == "spaces":
    print(",".join(str(c) for c in range(0x10000) if chr(c).isspace()))
elif sys.argv[1] == "words":
    for text in json.load(sys.stdin):
        print(len(re.split(r"\s+", text)))
