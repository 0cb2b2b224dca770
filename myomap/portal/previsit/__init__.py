"""Before the visit: the client answers red-flag, pain, activity and health questions and draws
their pain; the answers wait as a draft for the clinician (`review.py`), never as clinical fact."""
