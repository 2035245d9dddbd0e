#!/usr/bin/env bash
# Packs the libraries (Nas.Core, Nas.Torch) into a local folder feed and builds and runs a throw-away consumer
# project against them: the complete example of docs/strategies.md (a space written in C#, regularized evolution,
# then a REINFORCE controller search recorded in SQLite). The consumer knows nothing of the GLIBCXX patch: it must
# come with the Nas.Torch package (buildTransitive). Usage: tools/package-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/nas-packages.XXXXXX)
trap 'rm -rf "$work"' EXIT
# A version of its own, so NuGet's package cache never serves an older build of the same number.
version="0.2.0-check.$(date +%s)"
for project in src/Nas.Core src/Nas.Torch; do
    dotnet pack "$project" -c Release -o "$work/feed" -p:Version="$version" -nologo -v quiet > "$work/pack.log" 2>&1 \
        || { cat "$work/pack.log" >&2; echo "package-check: dotnet pack $project failed" >&2; exit 1; }
done
mkdir "$work/consumer"
cat > "$work/consumer/consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
  <ItemGroup><PackageReference Include="Nas.Torch" Version="$version" /></ItemGroup>
</Project>
XML
cat > "$work/consumer/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><add key="nas-local" value="$work/feed" /></packageSources></configuration>
XML
python3 - "$work/consumer/Program.cs" <<'PY'
import re, sys
text = open("docs/strategies.md").read()
code = re.search(r"## A complete example.*?```csharp\n(.*?)```", text, re.S).group(1)
open(sys.argv[1], "w").write(code)
PY
(cd "$work/consumer" && dotnet build -c Release -nologo -v quiet > "$work/build.log" 2>&1) \
    || { cat "$work/build.log" >&2; echo "package-check: the consumer did not build against the packages" >&2; exit 1; }
output=$(cd "$work/consumer" && dotnet bin/Release/net10.0/consumer.dll 2>&1) \
    || { echo "$output" >&2; echo "package-check: the consumer failed" >&2; exit 1; }
grep -q '^evolution: ' <<<"$output" && grep -q 'wrote runs/toy/best.json' <<<"$output" \
    || { echo "$output" >&2; echo "package-check: the consumer's output is not the example's" >&2; exit 1; }
echo "package-check: Nas.Core and Nas.Torch $version from a local feed; the consumer built and ran ($(grep -c 'controller step' <<<"$output") controller steps, best.json written)"
