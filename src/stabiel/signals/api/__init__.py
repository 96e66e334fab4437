"""The partner API: partner systems report signals and read back whether they were picked up.

Versioned under /api/v1/, token-authenticated per partner system, JSON in and out, errors as
problem details (RFC 9457) in plain Dutch. The guide for partners is docs/api.md.
"""
