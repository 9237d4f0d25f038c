# Sourced by ./aurum and bench/run.sh: jvm_options FILE USER_OPTS sets the array `jvm` to the
# options of FILE (blank- or line-separated, '#' starts a comment). A garbage collector named in
# USER_OPTS replaces the file's, since the JVM refuses to start with two. USER_OPTS themselves are
# left to the caller, which puts them after these so that they win.
jvm_options() {
  local file="$1" user=" ${2:-} " o
  local collector='-XX:\+Use(Serial|Parallel|G1|Z|Shenandoah|Epsilon)GC'
  # shellcheck disable=SC2207
  jvm=($(sed -e 's/#.*//' "$file" 2>/dev/null || true))
  if [[ "$user" =~ \ $collector\  ]]; then
    local kept=()
    for o in "${jvm[@]}"; do [[ "$o" =~ ^$collector$ ]] || kept+=("$o"); done
    jvm=("${kept[@]}")
  fi
}
