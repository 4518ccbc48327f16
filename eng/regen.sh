#!/usr/bin/env bash
# Remakes the generated files from eng/reference/.
#   eng/regen.sh            the code generated from the reference data alone (no network): BaselineData.g.cs
#   eng/regen.sh --network  first the reference data gathered from Debian's and Ubuntu's indexes and packages and
#                           from npm (stock libraries, library versions, the RHEL-family libraries, the .NET images),
#                           then the code. Indexes and packages are kept under artifacts/distro-index.
# A test (RegenerationTests) runs the first form into a temporary folder and compares it with the committed file.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --network ]; then
  python3 eng/gen-stock-libraries.py
  python3 eng/gen-library-versions.py
  python3 eng/gather-rhel-libraries.py
  python3 eng/gen-image-baselines.py
fi
python3 eng/gen-baselines.py eng/reference
