# Debian package helpers shared by the musl and arm64 scripts (sourced, not run). The caller
# defines `log`.

# apt-get install the given Debian packages if any is missing (root, as on these machines).
ensure_debian_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
  fi
}

# fetch_trixie_deb PACKAGE ARCH VERSION_GLOB APT_DIR DEST: downloads PACKAGE for ARCH from Debian
# trixie (the machine's own mirror, suite changed) with a private apt configuration under APT_DIR,
# so the system's apt state stays untouched, and unpacks it into DEST. Fails if the .deb that
# trixie offers does not match PACKAGE_VERSION_GLOB_ARCH.deb.
fetch_trixie_deb() {
  local package=$1 arch=$2 version=$3 apt_dir=$4 dest=$5 mirror deb
  rm -rf "$apt_dir"
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/download"
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=$(awk '/^deb / && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
  echo "deb [arch=$arch signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" > "$apt_dir/sources.list"
  local apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o Debug::NoLocking=1
    -o APT::Sandbox::User=root -o "APT::Architectures::=$arch" -o "APT::Architecture=$arch")
  apt-get "${apt_opts[@]}" update -q >&2
  (cd "$apt_dir/download" && apt-get "${apt_opts[@]}" download "$package:$arch" >&2)
  deb=$(ls "$apt_dir/download/${package}_${version}"*"_$arch.deb" 2>/dev/null | head -1)
  [ -n "$deb" ] || { log "trixie did not offer $package $version for $arch"; return 1; }
  rm -rf "$dest"
  dpkg-deb -x "$deb" "$dest"
}
