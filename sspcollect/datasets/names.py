"""Which returns the national datasets count, and the names of the files every build shares.

Apart from the builders, which need pandas and numpy, so that the pages that only name a
choice or a file (and the service starting up) do not load them.
"""

from __future__ import annotations

from sspcollect.models import ReturnStatus

ACCEPTED = "accepted"
ACCEPTED_AND_SUBMITTED = "accepted_and_submitted"
INCLUDED_CHOICES = {
    ACCEPTED: (ReturnStatus.ACCEPTED.value,),
    ACCEPTED_AND_SUBMITTED: (ReturnStatus.ACCEPTED.value, ReturnStatus.SUBMITTED.value),
}
INCLUDED_LABELS = {
    ACCEPTED: "accepted returns only",
    ACCEPTED_AND_SUBMITTED: "accepted and submitted returns",
}

# The record-level register: built for reviewers, never published.
REGISTER_FILE = "ssp_register"
GUIDANCE_FILE = "ssp_data_guidance.txt"
