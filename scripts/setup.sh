#!/usr/bin/env bash
# Set up a development environment from nothing but Python 3.11+:
#   - Debian packages the tests and --pdf need (LibreOffice Writer, CJK fonts, poppler),
#     when running as root on Debian/Ubuntu and they are missing (NIANBAO_SKIP_APT=1 skips);
#   - a virtual environment in .venv with nianbao (editable) and its development tools.
set -euo pipefail
cd "$(dirname "$0")/.."

# fonts-noto-cjk stands in for 仿宋/宋体/黑体/小标宋, fonts-arphic-ukai for 楷体 and
# fonts-liberation for Times New Roman (same widths), so --pdf shows no boxes.
PACKAGES=(libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-ukai fonts-liberation poppler-utils)

if [ "${NIANBAO_SKIP_APT:-0}" != 1 ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "安装系统软件包：${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]'
echo "环境已就绪：.venv" >&2
