"""``binome-dpe FILE.xml``: compute an ADEME DPE XML from its input data and print one JSON object.

The inputs the file lacks, and the defaults used instead, are printed on stderr, one warning a line.
"""

import argparse
import json
import sys

from .dpe_xml import DpeXmlError, load, result_dict
from .threecl.engine import compute


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="binome-dpe",
        description="Recalcule un DPE (XML ADEME) avec le moteur 3CL de Binôme, à partir des seules données d'entrée.",
    )
    parser.add_argument("file", help="fichier XML du DPE")
    args = parser.parse_args(argv)
    try:
        dwelling, _root = load(args.file)
        result = result_dict(compute(dwelling))
    except DpeXmlError as exc:
        print(f"binome-dpe : erreur : {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - any unexpected failure must give a clear message, not a traceback
        print(
            f"binome-dpe : erreur : calcul impossible pour « {args.file} » ({type(exc).__name__} : {exc}).",
            file=sys.stderr,
        )
        return 1
    for warning in dwelling.warnings:
        print(f"binome-dpe : avertissement : {warning}", file=sys.stderr)
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
