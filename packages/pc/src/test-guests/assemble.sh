#!/bin/sh
# Assembles every test guest beside this script into a .bin of the same name.
# The .bin files are committed; pc's guest tests check they match the sources.
set -e
cd "$(dirname "$0")"
for source in *.asm; do
  nasm -f bin -o "${source%.asm}.bin" "$source"
done
