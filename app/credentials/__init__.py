"""IPT credentials: submission by therapists, a verifier queue, expiry, and the audit trail.

A credential is a claim until a verifier checks it: only ``verified`` earns the badge and full
ranking weight (the search documents count verified and unverified tiers separately).
"""
