#!/usr/bin/env python3
"""Independent Prometheus text parser: the official Python client's parser reads an exposition and prints
its metric families as JSON (name, type, help, samples with labels and values). Shares no code with KernelAgent.

usage: prometheus_parse.py EXPOSITION.txt
exit 0 and the JSON on standard output when the text parses; exit 1 and the parser's error otherwise.
"""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as f:
        text = f.read()
    try:
        families = [
            {
                "name": family.name,
                "type": family.type,
                "help": family.documentation,
                "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in family.samples],
            }
            for family in text_string_to_metric_families(text)
        ]
    except Exception as e:  # the parser raises ValueError and others on malformed text
        print(f"unparsable: {e}", file=sys.stderr)
        return 1
    json.dump(families, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
