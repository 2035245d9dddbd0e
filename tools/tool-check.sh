#!/usr/bin/env bash
# Packs the `nas` dotnet tool (src/Nas.Cli: Nas.Cli plus its linux-x64 package) into a local folder feed, installs
# it with `dotnet tool install --tool-path` as a user would, and runs the installed command end to end on generated
# IDX data: a two-trial search, the winner trained, exported to ONNX and predicted by both runtimes.
# Usage: tools/tool-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/nas-tool.XXXXXX)
trap 'rm -rf "$work"' EXIT
# A version of its own, so NuGet's package cache never serves an older build of the same number.
version="0.2.0-check.$(date +%s)"
dotnet pack src/Nas.Cli -c Release -o "$work/feed" -p:Version="$version" -nologo -v quiet > "$work/pack.log" 2>&1 \
    || { cat "$work/pack.log" >&2; echo "tool-check: dotnet pack src/Nas.Cli failed" >&2; exit 1; }
dotnet tool install Nas.Cli --version "$version" --tool-path "$work/tools" --add-source "$work/feed" > "$work/install.log" 2>&1 \
    || { cat "$work/install.log" >&2; echo "tool-check: dotnet tool install failed" >&2; exit 1; }
nas="$work/tools/nas"
fail() { echo "tool-check: $1" >&2; [ -f "$work/step.log" ] && cat "$work/step.log" >&2; exit 1; }
run() { "$nas" "$@" > "$work/step.log" 2>&1 || fail "the installed 'nas $1' failed"; }

run --version
grep -q "^${version}" "$work/step.log" || fail "the installed nas reports another version than $version"
run --help
grep -q 'search' "$work/step.log" || fail "the installed nas --help lists no search command"
tools/tiny-idx.py "$work/data"
run search random --space macro --data-dir "$work/data" --trials 2 --epochs 1 --subset 200 --validation 60 --layers 2 \
    --batch-size 50 --out "$work/run"
run train --arch "$work/run/best.json" --data-dir "$work/data" --epochs 1 --batch-size 50 --out "$work/final"
grep -q 'test accuracy' "$work/step.log" || fail "nas train printed no test accuracy"
run export "$work/final"
[ -s "$work/final/model.onnx" ] || fail "nas export wrote no model.onnx"
run predict --model "$work/final" --input "$work/data/t10k-images-idx3-ubyte.gz" --csv --top 1 --out "$work/torch.csv"
run predict --model "$work/final/model.onnx" --input "$work/data/t10k-images-idx3-ubyte.gz" --csv --top 1 --out "$work/onnx.csv"
# The two runtimes agree on every image's class (the probabilities may differ in the last digits).
cut -d, -f1-4 "$work/torch.csv" > "$work/torch.classes"; cut -d, -f1-4 "$work/onnx.csv" > "$work/onnx.classes"
[ "$(wc -l < "$work/torch.classes")" -gt 60 ] || fail "nas predict wrote $(wc -l < "$work/torch.classes") lines for 60 images"
cmp -s "$work/torch.classes" "$work/onnx.classes" || fail "TorchSharp and ONNX Runtime predictions differ"
size=$(du -m "$work/feed/Nas.Cli.linux-x64.$version.nupkg" | cut -f1)
echo "tool-check: Nas.Cli $version (linux-x64 package ${size} MB) installed with dotnet tool install; search, train, export and predict ran from it"
