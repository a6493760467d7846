"""Printing of the benchmarks' figures: one plain text table per benchmark, with the work, figure, baseline,
ratio and target columns."""

HEADER = ("work", "figure", "baseline", "ratio", "target")


def print_table(rows: list[tuple[str, ...]], header: tuple[str, ...] = HEADER) -> None:
    """A plain text table, the first column left-aligned, the others right-aligned."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * width for width in widths), *rows]:
        print(
            " | ".join(
                cell.ljust(width) if i == 0 else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            )
        )
