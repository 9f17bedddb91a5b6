#!/bin/sh
# The two installs the README promises, from a fresh clone (no node_modules, no dist), into temp
# directories, with npm's cache only (--offline): a global install (`npm install -g .`, under a
# temp --prefix) and a project that depends on the checkout (`npm install /path/to/whk`). Each
# must give a working `whk` and `import ... from 'whk'`. Slow (prepare installs the checkout's
# devDependencies to build), so it is a script, not part of `npm test`:
#   sh scripts/check-install.sh
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/whk-install-XXXXXX")
trap 'rm -rf "$work"' EXIT
quiet="--offline --no-audit --no-fund --loglevel=error"

git clone -q "$repo" "$work/global-clone"
(cd "$work/global-clone" && npm install -g . --prefix "$work/prefix" $quiet)
"$work/prefix/bin/whk" --version
"$work/prefix/bin/whk" sample metric-alert --seed 1 --compact | grep -q '"type":"METRIC_ALERT"'
echo "ok: npm install -g . (fresh clone) gives a working whk"

git clone -q "$repo" "$work/dep-clone"
mkdir "$work/project"
(cd "$work/project" && npm init -y > /dev/null && npm install "$work/dep-clone" $quiet)
(cd "$work/project" && node --input-type=module -e "import { send } from 'whk'; if (typeof send !== 'function') process.exit(1)")
"$work/project/node_modules/.bin/whk" kinds --json | grep -q '"id":"metric-alert"'
echo "ok: npm install /path/to/whk (fresh clone) gives import 'whk' and node_modules/.bin/whk"
