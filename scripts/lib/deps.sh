# Installs what Braid's scripts need on a fresh Debian machine (sourced by test.sh, demo.sh, bench).
# Only missing packages are installed; nothing happens when everything is there.
braid_install_deps() {
  local pkgs=(openssh-server openssh-client rsync git tmux hyperfine netcat-openbsd openssl util-linux procps)
  local missing=()
  for p in "${pkgs[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
  command -v dotnet >/dev/null || { echo "error: the .NET SDK (dotnet) is required" >&2; return 1; }
  # sshd refuses to start without its privilege-separation directory.
  [ -d /run/sshd ] || mkdir -p /run/sshd
}
