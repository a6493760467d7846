"""The staff page of a job dating: both sides' rankings, the proposals computed from them, and their audit."""
