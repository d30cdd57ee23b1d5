#!/bin/sh
# Resets the demo's test fixtures. A real suite would seed its staging database here;
# the demo only shows that a command step runs in the plan's folder and its output is kept.
set -eu
echo "fixtures reset in $(pwd)"
