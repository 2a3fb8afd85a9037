"""Validates every object of the given multi-document YAML files against the Kubernetes JSON
schemas bundled by PyPI's kubernetes-validate, strictly (unknown fields are errors), for each
Kubernetes version given with --kubernetes-version. Objects of custom resources (no schema in
the bundle) are listed as not validated, with the reason; they fail nothing.

Prints one line per file and problem; exits 1 when any object is invalid.
"""
import argparse
import json
import sys

import kubernetes_validate
import yaml

# Custom resources the hall's manifests use, and why they are not validated offline.
UNVALIDATED = {
    "postgresql.cnpg.io": "CloudNativePG CRD: its schema ships only with the operator's release manifests, not in any registry package reachable offline",
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kubernetes-version", action="append", required=True)
    parser.add_argument("--write-json", action="store_true", help="also write each file's objects to <file>.json")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    failures = 0
    for path in args.files:
        with open(path, encoding="utf-8") as f:
            docs = [d for d in yaml.safe_load_all(f) if d]
        if args.write_json:
            with open(path + ".json", "w", encoding="utf-8") as out:
                json.dump(docs, out, ensure_ascii=False)
        checked = 0
        for doc in docs:
            where = f"{path}: {doc.get('kind')}/{doc.get('metadata', {}).get('name')}"
            group = doc.get("apiVersion", "").rpartition("/")[0]
            if group in UNVALIDATED:
                print(f"not validated: {where} ({UNVALIDATED[group]})")
                continue
            for version in args.kubernetes_version:
                try:
                    kubernetes_validate.validate(doc, version, strict=True)
                except kubernetes_validate.ValidationError as e:
                    failures += 1
                    at = "/".join(str(p) for p in e.path)
                    print(f"INVALID ({version}): {where} at {at or '(root)'}: {e.message}")
                except kubernetes_validate.SchemaNotFoundError as e:
                    failures += 1
                    print(f"INVALID ({version}): {where}: {e.message}")
            checked += 1
        print(f"validated: {path}: {checked} objects against Kubernetes {', '.join(args.kubernetes_version)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
