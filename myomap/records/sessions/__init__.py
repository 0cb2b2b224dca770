"""Treatment sessions: notes, signing and addenda, and the episode's progress."""
