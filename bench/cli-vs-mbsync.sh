#!/bin/bash
# Times the imap4lib tool's import, export and copy against mbsync (isync) on the same data:
# a private Dovecot on 127.0.0.1 (STARTTLS, its self-signed certificate trusted by both tools),
# Maildirs of 2,000 and 10,000 small messages. Prints one table, both tools side by side.
#   bench/cli-vs-mbsync.sh [COUNTS...]      (default: 2000 10000)
# Installs isync with apt-get when mbsync is missing. Wall-clock seconds of the whole command
# (JVM start included) and, for imap4lib, the work time it reports itself.
set -euo pipefail
DIR=$(cd "$(dirname "$0")/.." && pwd)
COUNTS=("${@:-2000 10000}")
[ $# -eq 0 ] && COUNTS=(2000 10000)
if ! command -v mbsync >/dev/null; then
  echo "installing isync (mbsync) with apt-get ..." >&2
  apt-get install -y isync >/dev/null || { echo "cannot install isync: apt-get failed" >&2; exit 1; }
fi
cd "$DIR"
mvn -B -q -o test-compile dependency:build-classpath >/dev/null
CP="$DIR/target/classes:$DIR/target/test-classes:$(cat "$DIR/target/cli.classpath")"
WORK=$(mktemp -d /tmp/cli-vs-mbsync.XXXXXX)
coproc DOVECOT { exec java -cp "$CP" dev.imap4lib.cli.BenchDovecot; }
DOVECOT_IN=${DOVECOT[1]}
cleanup() { exec {DOVECOT_IN}>&- 2>/dev/null || true; wait "$DOVECOT_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
PORT= CERT=
while read -r key value <&"${DOVECOT[0]}"; do
  case $key in port) PORT=$value ;; cert) CERT=$value ;; ready) break ;; esac
done
[ -n "$PORT" ] || { echo "Dovecot did not start" >&2; exit 1; }

tool() { java -cp "$CP" dev.imap4lib.cli.Main "$@"; }
secs() { local t0 t1; t0=$(date +%s.%N); "$@" >"$WORK/last.out" 2>"$WORK/last.err" || { cat "$WORK/last.out" "$WORK/last.err" >&2; return 1; }; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
work() { grep -oE ' in [0-9.]+ s' "$WORK/last.out" | tail -1 | grep -oE '[0-9.]+'; }
export IMAP4LIB_PASSWORD=pass1   # the private Dovecot's test user
U1=(--host 127.0.0.1 --port "$PORT" --user user1 --starttls --cacert "$CERT")

mbsyncrc() { # $1: file; IMAP stores for user1/user2 and one Maildir
  cat >"$1" <<RC
IMAPAccount u1
Host localhost
Port $PORT
User user1
Pass pass1
SSLType STARTTLS
CertificateFile $CERT

IMAPStore u1
Account u1

IMAPAccount u2
Host localhost
Port $PORT
User user2
Pass pass2
SSLType STARTTLS
CertificateFile $CERT

IMAPStore u2
Account u2

MaildirStore local
Path $WORK/local/
Inbox $WORK/local/INBOX
SubFolders Verbatim

$2
RC
}

printf '| messages | step | imap4lib whole s | imap4lib work s | mbsync s |\n|--:|---|--:|--:|--:|\n'
for N in "${COUNTS[@]}"; do
  SRC="$WORK/src$N"
  python3 - "$SRC" "$N" <<'PY'
import os, sys, time
d, n = sys.argv[1], int(sys.argv[2])
for sub in ("cur", "new", "tmp"):
    os.makedirs(os.path.join(d, sub), exist_ok=True)
t = 1_700_000_000
for i in range(n):
    body = "".join("line %d of message %d, some text to make it look like mail\r\n" % (j, i) for j in range(12))
    msg = ("Date: %s\r\nFrom: Sender %d <s%d@example.com>\r\nTo: user1@example.com\r\n"
           "Message-ID: <bench-%d-%d@example.com>\r\nSubject: bench message %d\r\n\r\n%s") % (
        time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(t + i * 60)), i, i, n, i, i, body)
    with open(os.path.join(d, "cur", "%d.%d.bench:2,S" % (t + i * 60, i)), "w", newline="") as f:
        f.write(msg.replace("\r\n", "\n"))
PY
  mkdir -p "$WORK/local" "$WORK/state"
  # import: the Maildir into a new folder
  T1=$(secs tool import "$SRC" --to "Imp$N" "${U1[@]}"); W1=$(work)
  ln -sfn "$SRC" "$WORK/local/Src$N"
  mbsyncrc "$WORK/push.rc" "Channel push
Far :u1:Mbs$N
Near :local:Src$N
Sync Push
Create Far
SyncState $WORK/state/"
  M1=$(secs mbsync -q -c "$WORK/push.rc" push)
  printf '| %d | import (Maildir -> IMAP) | %.2f | %s | %.2f |\n' "$N" "$T1" "$W1" "$M1"
  # export: the folder to a new Maildir
  T2=$(secs tool export "Imp$N" --to "$WORK/exp$N/" "${U1[@]}"); W2=$(work)
  mbsyncrc "$WORK/pull.rc" "Channel pull
Far :u1:Imp$N
Near :local:Pull$N
Sync Pull
Create Near
SyncState $WORK/state/"
  M2=$(secs mbsync -q -c "$WORK/pull.rc" pull)
  printf '| %d | export (IMAP -> Maildir) | %.2f | %s | %.2f |\n' "$N" "$T2" "$W2" "$M2"
  # copy: user1's folder to user2
  T3=$(secs env IMAP4LIB_FROM_PASSWORD=pass1 IMAP4LIB_TO_PASSWORD=pass2 java -cp "$CP" dev.imap4lib.cli.Main copy "Imp$N" \
    --from-host 127.0.0.1 --from-port "$PORT" --from-user user1 --from-starttls --from-cacert "$CERT" \
    --to-host 127.0.0.1 --to-port "$PORT" --to-user user2 --to-starttls --to-cacert "$CERT"); W3=$(work)
  mbsyncrc "$WORK/copy.rc" "Channel copy
Far :u1:Imp$N
Near :u2:Mbs$N
Sync Pull
Create Near
SyncState $WORK/state/"
  M3=$(secs mbsync -q -c "$WORK/copy.rc" copy)
  printf '| %d | copy (IMAP -> IMAP) | %.2f | %s | %.2f |\n' "$N" "$T3" "$W3" "$M3"
done
echo
echo "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(mbsync --version 2>&1 | head -1); imap4lib @ $(git -C "$DIR" rev-parse --short HEAD)"
