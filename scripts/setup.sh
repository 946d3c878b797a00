#!/bin/sh
# Installs every Debian 12 package vanban needs to build, test and benchmark.
# Idempotent: running it again only checks that everything is present.
#
#   setup.sh                 build, test and benchmark packages + the runtime ones
#   setup.sh --runtime       only what the built binary needs to run (the container image,
#                            deploy/Containerfile): shared libraries, wkhtmltopdf, fonts
#   setup.sh --print-runtime prints that list (tests/deploy checks it against `ldd vanban`)
set -eu

# What `vanban` needs at run time; the -dev packages below pull these in for a build machine.
RUNTIME_PACKAGES="
wkhtmltopdf fonts-liberation2 fontconfig poppler-utils ca-certificates
libicu72 libpq5 libqpdf29 libsqlite3-0 libxlsxwriter4
libsodium23 libssl3 libzip4 libpugixml1v5 libxml2 libp11-3 libengine-pkcs11-openssl
libcpp-httplib0.11 libpng16-16
"

mode=${1:-all}
case "$mode" in
  --print-runtime) echo $RUNTIME_PACKAGES; exit 0 ;;
  --runtime|all) ;;
  *) echo "Cách dùng: $0 [--runtime|--print-runtime]" >&2; exit 2 ;;
esac

PACKAGES="
build-essential cmake pkg-config git ca-certificates clang-format
clang libclang-rt-14-dev
libxlsxwriter-dev nlohmann-json3-dev catch2 libbenchmark-dev
wkhtmltopdf libqpdf-dev libicu-dev libsqlite3-dev libpq-dev postgresql
fonts-liberation2 fontconfig poppler-utils
python3 python3-jinja2 python3-openpyxl python3-xlsxwriter python3-jsonschema
libreoffice-calc-nogui hyperfine time
libcpp-httplib-dev libsodium-dev libssl-dev libzip-dev libpugixml-dev libxml2-dev
chromium chromium-driver python3-selenium
softhsm2 libnss3-tools libp11-dev libengine-pkcs11-openssl opensc-pkcs11 libpodofo-utils
python3-docx libreoffice-writer-nogui wrk apache2-utils
opensc libpng-dev qpdf
python3-yaml
firefox-esr
"

if [ "$mode" = --runtime ]; then
  PACKAGES=$RUNTIME_PACKAGES
else
  PACKAGES="$PACKAGES $RUNTIME_PACKAGES"
fi

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing="$missing $p"
  fi
done

if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Cần quyền root để cài các gói:$missing" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing
fi
echo "Đã có đủ các gói cần thiết."
