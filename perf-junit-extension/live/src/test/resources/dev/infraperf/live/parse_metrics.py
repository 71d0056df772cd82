"""Parses a /metrics scrape with the Prometheus Python client's own parsers and prints its samples as JSON.

usage: parse_metrics.py FILE openmetrics|prometheus
Prints {"families": [{"name", "type", "unit", "samples": [{"name", "labels", "value"}]}]}; exits 1 with the
parser's error when the text is not valid in that format.
"""
import json
import sys

from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse_openmetrics
from prometheus_client.parser import text_string_to_metric_families as parse_prometheus


def main():
    path, fmt = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        text = f.read()
    parse = parse_openmetrics if fmt == "openmetrics" else parse_prometheus
    try:
        families = [
            {
                "name": fam.name,
                "type": fam.type,
                "unit": getattr(fam, "unit", ""),
                "samples": [{"name": s.name, "labels": dict(s.labels), "value": s.value} for s in fam.samples],
            }
            for fam in parse(text)
        ]
    except Exception as e:  # the parser's own message is the point
        print("not valid %s: %s" % (fmt, e), file=sys.stderr)
        sys.exit(1)
    json.dump({"families": families}, sys.stdout)


if __name__ == "__main__":
    main()
