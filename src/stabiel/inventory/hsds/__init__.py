"""The provision inventory as an Open Referral HSDS 3.0 API, read-only, and an HSDS feed import.

`/hsds/<CBS code>/…` serves the services, organizations, services at locations and the taxonomy
of one municipality's region when that municipality switched publication on. Every object
validates against the specification's compiled JSON schemas (vendored in `schema/`).
"""
