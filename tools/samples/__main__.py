"""`python -m tools.samples`: rewrites datasets/samples/."""

from tools.samples import write_samples


def main() -> None:
    for path in write_samples():
        print(path)


main()
