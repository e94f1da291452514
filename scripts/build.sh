#!/usr/bin/env bash
# Builds the Native AOT executable out/braid (and nothing else).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
mkdir -p out
dotnet publish src/Braid.Cli/Braid.Cli.csproj -c Release -r linux-x64 -p:PublishAot=true \
  -o out/publish -nologo -v:q -clp:ErrorsOnly >&2
# Rename, not copy: a running master keeps the old file busy ("Text file busy"), a rename never fails on that.
cp out/publish/braid out/braid.new && mv -f out/braid.new out/braid
echo "built out/braid" >&2
