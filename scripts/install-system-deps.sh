#!/usr/bin/env bash
# Debian packages the tests need: Chromium (renderer e2e), Kamailio (SIP interop), SIPp (SIP load and
# malformed messages), OpenSSH (SFTP export), ffmpeg (ffprobe for recordings) and a Japanese font (IPA Gothic,
# so Japanese screens and screenshots show text, not boxes).
set -euo pipefail
PKGS=(chromium kamailio kamailio-websocket-modules sip-tester openssh-server ffmpeg fonts-ipafont-gothic)
missing=()
for p in "${PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -eq 0 ]; then echo "system packages: all present"; exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]}"
  echo "Run as root, or install them first: sudo apt-get install -y ${missing[*]}"
  exit 1
fi
echo "installing Debian packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Kamailio and ssh are started by the tests on loopback ports; the packaged services are not needed.
for s in kamailio ssh; do (service "$s" stop >/dev/null 2>&1 || true); done
echo "system packages: installed"
