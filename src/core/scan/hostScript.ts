import { quote } from 'shell-quote';
import { SENTINEL, SHELL_CTL } from '../wire/frames';

/**
 * The POSIX sh script a remote scan runs on one host (as `sh -s`, fed on standard input, so
 * no argument-length limit applies however many files it names). It reads files on the
 * host and sends back frames (wire/frames.ts), written by its `ctl` and `grep -n`.
 *
 * Big logs are split at line starts into one part per host CPU (at most `jobs`), each part
 * grepped by its own process under nice. Every part but the last ends in a sentinel line
 * that grep always reports: its number minus one is the part's line count, which keeps line
 * numbers exact. Parts after the first write to temporary files unlinked as soon as they are
 * open, so nothing is left on the host even after kill -9.
 */

/** Files at most this big come whole (configs, saved outputs): INI needs every line. */
const SMALL_BYTES = 64 * 1024;
/**
 * A file named like a configuration comes whole up to this size (what the local scan parses
 * as one); a bigger one is a log whatever its name, and only its candidate lines come.
 */
export const WHOLE_MAX_BYTES = 4 * 1024 * 1024;
/** A part of a split log is at least this big: below it another process costs more than it saves. */
const PART_BYTES = 64 * 1024 * 1024;
/** Split logs into at most this many parts, whatever the host's CPU count. */
const MAX_PARTS = 4;

/**
 * How a file is sent: whole if small (and, for `whole`, up to WHOLE_MAX_BYTES), else only the
 * lines that match one of the EREs (none: nothing).
 */
export interface FileMode {
  kind: 'whole' | 'grep';
  eres: string[];
}

export interface FileJob {
  id: number;
  path: string;
  mode: FileMode;
}

export interface ScriptOptions {
  /** Patterns (globs, folders) to list; their files come back as `\x01L` frames. */
  list: string[];
  files: FileJob[];
  /** Parts for a big log: default the host's CPU count (at most MAX_PARTS). */
  jobs?: number;
  /** Smallest part of a split log (tests use small ones). */
  partBytes?: number;
}

/** Fixed part: functions the per-file calls use. */
const FUNCTIONS = String.raw`
${SHELL_CTL}
NICE=; command -v nice >/dev/null 2>&1 && NICE='nice -n 10'
# st_list PATTERN: the files a glob or folder stands for (the glob is expanded here, on purpose).
# A name with a control character could end a frame: it is refused (N), never printed.
st_list() {
  for p in $1; do
    case "$p" in *$CTL*) ctl N; continue;; esac
    if [ -d "$p" ]; then
      find "$p" \( -path "*$CTL*" -printf '\001N\n' -prune \) -o \( -type d ! -readable -printf '\001P %p\n' -prune \) -o -type f -printf '\001L %p\n' 2>/dev/null
    elif [ -e "$p" ]; then ctl L "$p"; fi
  done
}
# st_binary FILE GZ: a NUL byte in the first 64 KiB, as the local scan decides.
st_binary() {
  if [ "$2" = 1 ]; then head_() { gzip -dc -- "$1" 2>/dev/null | head -c 65536; }; else head_() { head -c 65536 -- "$1"; }; fi
  [ "$(head_ "$1" | tr -cd '\000' | head -c 1 | wc -c)" -gt 0 ]
}
# st_part FILE FROM TO: bytes FROM..TO-1 of FILE, then the sentinel line.
st_part() {
  if [ "$2" = 0 ]; then head -c "$3" -- "$1"; else tail -c +$(($2 + 1)) -- "$1" | head -c $(($3 - $2)); fi
  printf '%s\n' "$SENTINEL"
}
# st_file ID MODE FILE [grep arguments]: one file, framed.
st_file() {
  id=$1 mode=$2 f=$3; shift 3
  if [ -d "$f" ]; then st_list "$f"; return; fi
  if [ ! -e "$f" ]; then ctl S "$id" missing; return; fi
  if [ ! -f "$f" ]; then ctl S "$id" not a regular file; return; fi
  if [ ! -r "$f" ]; then ctl S "$id" permission denied; return; fi
  size=$(stat -L -c %s -- "$f") || { ctl S "$id" cannot stat; return; }
  gz=0; [ "$(head -c 2 -- "$f" | od -An -tx1 | tr -d ' \n')" = 1f8b ] && gz=1
  if st_binary "$f" $gz; then ctl S "$id" binary; return; fi
  if [ $gz = 0 ] && { [ "$size" -le ${SMALL_BYTES} ] || { [ "$mode" = whole ] && [ "$size" -le ${WHOLE_MAX_BYTES} ]; }; }; then
    ctl F "$id" "$size" whole; grep -n '' -- "$f"; ctl E "$id" $?; return
  fi
  ctl F "$id" "$size" grep
  if [ $# = 0 ]; then ctl E "$id" 0; return; fi
  if [ $gz = 1 ]; then gzip -dc -- "$f" | $NICE grep -n -E "$@"; ctl E "$id" $?; return; fi
  n=$((size / PART_BYTES)); [ $n -gt "$JOBS" ] && n=$JOBS; [ $n -lt 1 ] && n=1
  if [ $n = 1 ]; then $NICE grep -n -E "$@" -- "$f"; ctl E "$id" $?; return; fi
  # Cut at line starts: each cut moves to just past the next line break.
  cuts=0 k=1
  while [ $k -lt $n ]; do
    o=$((size * k / n)); cuts="$cuts $((o + $(tail -c +$((o + 1)) -- "$f" | head -n 1 | wc -c)))"; k=$((k + 1))
  done
  set -- "$@" -e "^$SENTINEL\$"
  k=0 pids= prev=
  for c in $cuts $size; do
    if [ -n "$prev" ]; then
      if [ $k = 0 ]; then
        st_part "$f" "$prev" "$c" | $NICE grep -n -E "$@" & pids="$pids $!"
      elif [ "$c" = "$size" ]; then
        # The last part reads the file itself, from the cut on: no pipe.
        t=$(mktemp) || return; eval "exec $((2 * k + 1))>\"\$t\" $((2 * k + 2))<\"\$t\""; rm -f "$t"
        ( dd bs=1 skip="$prev" count=0 2>/dev/null; exec $NICE grep -n -E "$@" ) <"$f" >&$((2 * k + 1)) & pids="$pids $!"
      else
        t=$(mktemp) || return; eval "exec $((2 * k + 1))>\"\$t\" $((2 * k + 2))<\"\$t\""; rm -f "$t"
        st_part "$f" "$prev" "$c" | $NICE grep -n -E "$@" >&$((2 * k + 1)) & pids="$pids $!"
      fi
      k=$((k + 1))
    fi
    prev=$c
  done
  rc=0
  for p in $pids; do wait "$p"; r=$?; [ $r -gt $rc ] && rc=$r; done
  k=1; while [ $k -lt $n ]; do eval "cat <&$((2 * k + 2)); exec $((2 * k + 1))>&- $((2 * k + 2))<&-"; k=$((k + 1)); done
  # The last part has no sentinel: grep's 1 there only means no candidate line.
  ctl E "$id" $rc
}
`;

/** The script for one host. Paths and patterns are quoted; globs in `list` (safe, checked) are expanded by the host. */
export function hostScript(o: ScriptOptions): string {
  const jobs = o.jobs ? String(Math.max(1, Math.floor(o.jobs))) : `$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)`;
  const calls = [
    // Quoted here, expanded inside st_list (checkRemotePattern keeps quotes out of them).
    ...o.list.map((p) => `st_list '${p}'`),
    ...o.files.map((f) => {
      return `st_file ${f.id} ${f.mode.kind} ${quote([f.path, ...f.mode.eres.flatMap((e) => ['-e', e])])}`;
    }),
  ];
  // Wrapped in a function that is read whole before it runs: commands inside cannot eat the
  // rest of the script from standard input, which they get from /dev/null.
  return [
    'st_main() {',
    // SENTINEL starts with \x01: printf writes it from its octal escape.
    `SENTINEL=$(printf '\\001${SENTINEL.slice(1)}')`,
    'export LC_ALL=C',
    // A bracket of the control characters, for the names st_list refuses.
    "CTL=$(printf '[\\001-\\037\\177]')",
    `PART_BYTES=${Math.max(1, Math.floor(o.partBytes ?? PART_BYTES))}`,
    `JOBS=${jobs}; [ "$JOBS" -gt ${MAX_PARTS} ] 2>/dev/null && JOBS=${MAX_PARTS}`,
    FUNCTIONS,
    ...calls,
    '}',
    'st_main </dev/null',
    '',
  ].join('\n');
}
