"""Staff review of a need: suggestions, shortlist, answers, presentations, hires."""
