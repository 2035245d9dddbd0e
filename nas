#!/usr/bin/env bash
# Runs the nas CLI, building it in Release first when any source is newer than the build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dll="$root/src/Nas.Cli/bin/Release/net10.0/nas.dll"
if [[ ! -f "$dll" ]] || [[ -n "$(find "$root/src" "$root/build" "$root/Directory.Build.props" "$root/Directory.Build.targets" \
      \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' \) -newer "$dll" -print -quit 2>/dev/null)" ]]; then
  if ! log="$(dotnet build "$root/src/Nas.Cli/Nas.Cli.csproj" -c Release -nologo -v quiet 2>&1)"; then
    printf '%s\n' "$log" >&2
    echo "error: building nas failed (see above)" >&2
    exit 1
  fi
  touch "$dll"
fi
exec dotnet "$dll" "$@"
