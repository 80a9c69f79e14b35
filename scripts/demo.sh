#!/usr/bin/env bash
# The main job (README): builds the dltsigner CLI and runs its end-to-end demonstration.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
echo "== building dltsigner (Release)"
dotnet build src/Signer.Node -c Release --nologo -v quiet -clp:ErrorsOnly
exec dotnet src/Signer.Node/bin/Release/net10.0/dltsigner.dll demo "$@"
