#!/usr/bin/env bash
# Assembles the benchmark guests and the v86 boot ROM. The .bin files are
# committed, so the bench and its tests do not need nasm; rerun this after
# editing a .asm file.
set -euo pipefail
cd "$(dirname "$0")"
for src in arith strmove muldiv memrmw mix rom; do
  nasm -f bin -I ./ -o "$src.bin" "$src.asm"
done
ls -l ./*.bin
