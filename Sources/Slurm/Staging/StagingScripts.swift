/// The POSIX sh programs that run on the cluster for transfers. They are constants: every path
/// and name reaches them as a positional parameter or a line of standard input, never as shell
/// text, and `ShellQuoting` quotes the whole `sh -c SCRIPT sh ARG…` command line for ssh.
///
/// Answers are tab-separated lines on standard output; the Swift side decides what they mean.
/// Only POSIX utilities plus `sha256sum` (coreutils), `gzip` and `tar` are used; `flock`
/// (util-linux) serialises transfers into one work root when the cluster has it.
enum StagingScripts {
    /// `sh -c upload sh ROOT STAGE GENERATION`, standard input a gzip'd tar holding
    /// `.adhere-manifest` (lines `folder TAB size TAB sha256 TAB folder/name`) and the files.
    /// Unpacks under `ROOT/.adhere-incoming/STAGE`, checks size and SHA-256 of every file, then per
    /// folder — only when all its files passed and no newer upload (higher GENERATION) reached it —
    /// empties `ROOT/folder/` (an upload replaces the folder's content: no STOPCAR or output of an
    /// earlier attempt stays) and renames the files into it (same file system: each rename is atomic).
    /// Answers `installed TAB folder`, `refused TAB folder TAB path TAB reason`, `stale TAB folder`.
    static let upload = #"""
        set -u
        root=$1 stage=$2 generation=$3
        cd -- "$root" || { echo "cannot enter the work root $root" >&2; exit 70; }
        mkdir -p .adhere-incoming || exit 71
        if command -v flock >/dev/null 2>&1; then
          exec 9>>.adhere-transfer.lock
          flock -w 600 9 || { echo "another transfer held $root/.adhere-transfer.lock for 10 minutes" >&2; exit 72; }
          rm -rf -- .adhere-incoming/* 2>/dev/null
        else
          find .adhere-incoming -mindepth 1 -maxdepth 1 -mmin +120 -exec rm -rf -- {} + 2>/dev/null
        fi
        incoming=$root/.adhere-incoming/$stage
        mkdir -- "$incoming" || exit 71
        trap 'rm -rf -- "$incoming"' EXIT
        cd -- "$incoming" || exit 71
        if ! gzip -dc | tar -xf -; then echo "the archive arrived incomplete" >&2; exit 73; fi
        [ -f .adhere-manifest ] || { echo "the archive holds no manifest" >&2; exit 73; }
        : > .adhere-bad
        while IFS='	' read -r folder size sum path; do
          if [ ! -f "$path" ] || [ -h "$path" ]; then reason="missing from the archive"
          elif [ "$(wc -c < "$path")" -ne "$size" ]; then reason="size $(wc -c < "$path" | tr -d ' ') B, sent $size B"
          else
            got=$(sha256sum < "$path"); got=${got%% *}
            if [ "$got" = "$sum" ]; then continue; fi
            reason="sha256 $got, sent $sum"
          fi
          printf 'refused\t%s\t%s\t%s\n' "$folder" "$path" "$reason"
          printf '%s\n' "$folder" >> .adhere-bad
        done < .adhere-manifest
        cut -f1 .adhere-manifest | sort -u > .adhere-folders
        while IFS= read -r folder; do
          if grep -qxF -- "$folder" .adhere-bad; then continue; fi
          mkdir -p -- "$root/$folder" || { printf 'refused\t%s\t%s\t%s\n' "$folder" "$folder" "cannot create the folder"; continue; }
          old=0
          [ -f "$root/$folder/.adhere-generation" ] && old=$(cat -- "$root/$folder/.adhere-generation")
          if [ "${old:-0}" -gt "$generation" ] 2>/dev/null; then printf 'stale\t%s\n' "$folder"; continue; fi
          printf '%s\n' "$generation" > "$root/$folder/.adhere-generation"
          # The folder becomes exactly the inputs: outputs of an earlier attempt (a STOPCAR
          # from the time-limit warning, an old vasprun.xml) must not meet the next job.
          find "$root/$folder" -mindepth 1 -maxdepth 1 ! -name .adhere-generation -exec rm -rf -- {} +
          ok=1
          while IFS='	' read -r f size sum path; do
            [ "$f" = "$folder" ] || continue
            mv -f -- "$path" "$root/$path" || ok=0
          done < .adhere-manifest
          if [ "$ok" = 1 ]; then printf 'installed\t%s\n' "$folder"
          else printf 'refused\t%s\t%s\t%s\n' "$folder" "$folder" "a rename failed"; fi
        done < .adhere-folders
        exit 0
        """#

    /// `sh -c download sh ROOT LEVEL`, standard input lines `MODE TAB folder/name` (MODE `whole`
    /// or `tail:BYTES`). Writes to standard output a tar, gzip'd at LEVEL, of the files that exist
    /// plus `.adhere-manifest` (lines `file TAB size TAB sha256 TAB path` or `missing TAB path`).
    /// Whole files are read in place (symbolic links followed by tar), tails cut into a private
    /// temporary folder; a file that changes while it is sent fails the check on this machine.
    static let download = #"""
        set -u
        root=$1 level=$2
        cd -- "$root" || { echo "cannot enter the work root $root" >&2; exit 70; }
        tmp=$(mktemp -d "${TMPDIR:-/tmp}/adhere-fetch.XXXXXX") || exit 71
        trap 'rm -rf -- "$tmp"' EXIT
        trap 'exit 75' HUP INT TERM
        mkdir -- "$tmp/tree" || exit 71
        manifest=$tmp/tree/.adhere-manifest
        : > "$manifest"
        while IFS='	' read -r mode path; do
          if [ ! -f "$path" ]; then printf 'missing\t%s\n' "$path" >> "$manifest"; continue; fi
          mkdir -p -- "$tmp/tree/$(dirname -- "$path")" || exit 71
          case $mode in
            tail:*) tail -c "${mode#tail:}" -- "$path" > "$tmp/tree/$path" || exit 71 ;;
            *) ln -s -- "$root/$path" "$tmp/tree/$path" || exit 71 ;;
          esac
          size=$(wc -c < "$tmp/tree/$path") || exit 71
          sum=$(sha256sum < "$tmp/tree/$path") || exit 71
          printf 'file\t%s\t%s\t%s\n' "$((size))" "${sum%% *}" "$path" >> "$manifest"
        done
        cd -- "$tmp/tree" || exit 71
        tar -c -h -f - . | gzip -"$level"
        """#

    /// `sh -c remove sh ROOT FOLDER…`: deletes each folder below ROOT (under the transfer lock).
    /// Answers `removed TAB folder`.
    static let remove = #"""
        set -u
        root=$1; shift
        cd -- "$root" || { echo "cannot enter the work root $root" >&2; exit 70; }
        if command -v flock >/dev/null 2>&1; then
          exec 9>>.adhere-transfer.lock
          flock -w 600 9 || exit 72
        fi
        for folder in "$@"; do
          rm -rf -- "$folder" && printf 'removed\t%s\n' "$folder"
        done
        exit 0
        """#

    /// `sh -c probe sh ROOT`: the tools present, whether ROOT exists and is writable, and the
    /// free space of its file system in KiB (`df -Pk`). Answers `tool TAB name`, `missing TAB
    /// name`, `root TAB missing|writable|readonly`, `availableKiB TAB n`.
    static let probe = #"""
        root=$1
        for t in tar gzip sha256sum; do
          if command -v "$t" >/dev/null 2>&1; then printf 'tool\t%s\n' "$t"; else printf 'missing\t%s\n' "$t"; fi
        done
        for t in flock rsync; do command -v "$t" >/dev/null 2>&1 && printf 'tool\t%s\n' "$t"; done
        if [ ! -d "$root" ]; then printf 'root\tmissing\n'; exit 0; fi
        probe=$root/.adhere-write-test.$$
        if ( : > "$probe" ) 2>/dev/null; then rm -f -- "$probe"; printf 'root\twritable\n'; else printf 'root\treadonly\n'; fi
        df -Pk -- "$root" | tail -n 1 | { read -r fs blocks used avail rest; printf 'availableKiB\t%s\n' "$avail"; }
        exit 0
        """#
}
