# shellcheck shell=bash
# Installs what the build generates for the shell, for this user only:
#   aurum-app/target/completion/aurum_completion -> $XDG_DATA_HOME/bash-completion/completions/aurum
#   aurum-app/target/man/*.1                     -> $XDG_DATA_HOME/man/man1/
# ($XDG_DATA_HOME defaults to ~/.local/share.) bash-completion loads the first on demand; man finds
# the second when ~/.local/bin is on PATH, or with MANPATH (README, "Shell completion and man
# pages"). The ./aurum launcher calls install_shell_support on every run; it copies again only when
# the build made a newer completion script. AURUM_NO_SHELL_INSTALL=1 turns it off. By hand:
#   bash -c '. scripts/install-shell-support.sh && install_shell_support .'
install_shell_support() {
  local root="$1"
  local data="${XDG_DATA_HOME:-$HOME/.local/share}"
  local completion="$root/aurum-app/target/completion/aurum_completion"
  local completions="${BASH_COMPLETION_USER_DIR:-$data/bash-completion}/completions"
  local man1="$data/man/man1"
  [ "${AURUM_NO_SHELL_INSTALL:-}" != 1 ] || return 0
  [ -f "$completion" ] || return 0
  [ -f "$completions/aurum" ] && [ ! "$completion" -nt "$completions/aurum" ] && return 0
  # Never fatal: a read-only home costs the user completion, not the command they ran. The
  # completion goes last, so a failed copy is tried again on the next run.
  if { mkdir -p "$completions" "$man1" &&
    cp "$root"/aurum-app/target/man/*.1 "$man1/" &&
    cp "$completion" "$completions/aurum.tmp" &&
    mv "$completions/aurum.tmp" "$completions/aurum"; } 2>/dev/null; then
    echo "aurum: installed shell completion ($completions/aurum) and man pages ($man1/aurum*.1)" >&2
  else
    echo "aurum: could not install shell completion and man pages under $data (continuing)" >&2
  fi
}
