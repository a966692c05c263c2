#!/usr/bin/env python3
"""Drives a real Open311 client library from PyPI (georeport 0.3.1, unchanged) against a
running Meldpunt, in one format, and prints what the library returned as one JSON document
for the Rust test to check. Usage: open311_client.py ROOT FORMAT SERVICE_CODE REQUEST_ID"""
import json
import sys

from georeport import GeoReport


def as_list(v):
    # xmltodict gives one element as a dict and several as a list.
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def main():
    root, fmt, code, request_id = sys.argv[1:5]
    client = GeoReport(root, jurisdiction="sint-truiden.be", output_format=fmt)
    services = as_list(client.get_service_list())
    definition = client.get_service_definition(code)
    attributes = definition.get("attributes")
    if fmt == "xml":
        attributes = as_list((attributes or {}).get("attribute"))
        for a in attributes:
            a["values"] = as_list((a.get("values") or {}).get("value"))
    listed = as_list(client.get_service_requests(service_code=code, status="open"))
    one = client.get_service_request(request_id)
    by_id = as_list(client.get_service_requests(service_request_id=request_id))
    print(json.dumps({
        "services": services,
        "definition_code": definition.get("service_code"),
        "attributes": attributes,
        "listed": listed,
        "one": one,
        "by_id": by_id,
    }))


if __name__ == "__main__":
    main()
