"""The employer portal: the pages an employer's members see (their needs, matching progress, presented candidates)."""
