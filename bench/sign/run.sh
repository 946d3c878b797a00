#!/bin/sh
# Signing a year's letters (issue 16). COUNT (200) finished letters made by vanban (the 12 sample
# letters, --sign-box, copied to COUNT files) are signed by the agency with its seal image:
#   1. bench_sign, PKCS#12 key opened once, all letters in one process (the batch's ky_so);
#   2. the same with the key on a SoftHSM2 token (PKCS#11, libp11);
#   3. `vanban sign` as a process per letter (hyperfine);
#   4. the peer, PoDoFo's `podofosign` (libpodofo-utils 0.9.8), a process per letter, same key and
#      certificate as PEM, same letter (hyperfine). It writes a whole new file revision too.
#   5. `vanban batch` with and without ky_so (RUNS, default 2), CPU per signed letter.
# (UNITS=N: the first N units only; BATCH_ONLY=1: step 5 only; SIGN_ONLY=1: steps 1-2 only)
# usage: bench/sign/run.sh [BUILD_DIR]     figures: bench/README.md ("Signing")
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
count=${COUNT:-200}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
vanban="$build/vanban"
tool="$build/bench/sign/bench_sign"
pw=bench-pass
pin=246810
cd "$dir"
echo "== load: $(uptime)"

# A root and the agency's certificate (RSA 2048, as the Vietnamese CAs issue).
openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -days 30 \
    -subj "/CN=Bench root" -addext basicConstraints=critical,CA:TRUE >/dev/null 2>&1
openssl req -newkey rsa:2048 -nodes -keyout agency.key -out agency.csr -subj "/CN=So Y te" >/dev/null 2>&1
printf 'keyUsage=critical,digitalSignature,nonRepudiation\n' > ext.cnf
openssl x509 -req -in agency.csr -CA root.pem -CAkey root.key -CAcreateserial -days 30 \
    -extfile ext.cnf -out agency.pem >/dev/null 2>&1
openssl pkcs12 -export -inkey agency.key -in agency.pem -certfile root.pem -out agency.p12 \
    -passout pass:$pw
mkdir tokens
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' "$dir" > softhsm2.conf
export SOFTHSM2_CONF="$dir/softhsm2.conf"
softhsm2-util --init-token --free --label bench --pin $pin --so-pin 13579111 >/dev/null
softhsm2-util --import agency.key --token bench --label agency --id 01 --pin $pin >/dev/null
openssl x509 -in agency.pem -outform DER -out agency.der
pkcs11-tool --module /usr/lib/softhsm/libsofthsm2.so --token-label bench --login --pin $pin \
    --write-object agency.der --type cert --label agency --id 01 >/dev/null

# The letters.
mkdir made in out
for l in "$root"/samples/letters/*.json; do
    "$vanban" letter "$l" --org "$root/samples/dong-nai/org.json" --draft --sign-box \
        -o "made/$(basename "$l" .json).pdf" >/dev/null
done
set -- made/*.pdf
n=0
while [ $n -lt "$count" ]; do
    for f in made/*.pdf; do
        [ $n -lt "$count" ] && cp "$f" "in/$(printf %04d $n).pdf"
        n=$((n + 1))
    done
done
echo "   letters: $(ls in | wc -l), $(du -sk in | cut -f1) KB"
seal="$root/samples/letters/images/con-dau.png"

if [ -z "${BATCH_ONLY:-}" ]; then
echo "== 1. bench_sign, PKCS#12, key opened once, $count letters (3 runs)"
for i in 1 2 3; do
    rm -f out/*
    VANBAN_KEY_PASSWORD=$pw "$tool" --key agency.p12 --in-dir in --out-dir out --image "$seal"
done
echo "== 2. bench_sign, SoftHSM2 token (PKCS#11), key opened once, $count letters (3 runs)"
for i in 1 2 3; do
    rm -f out/*
    VANBAN_PIN=$pin "$tool" --key "pkcs11:token=bench;object=agency" --in-dir in --out-dir out \
        --image "$seal"
done
[ -n "${SIGN_ONLY:-}" ] && exit 0
one=in/0000.pdf
echo "== 3/4. one letter, a process per signature: vanban sign vs podofosign (hyperfine)"
VANBAN_KEY_PASSWORD=$pw VANBAN_PIN=$pin hyperfine -N --warmup 3 --runs 30 --export-markdown cli.md \
    "$vanban sign $one -o out/v.pdf --as co-quan --key agency.p12 --image $seal" \
    "podofosign -in $one -out out/p.pdf -cert agency.pem -pkey agency.key -digest SHA256" \
    "$vanban sign $one -o out/t.pdf --as co-quan --key pkcs11:token=bench;object=agency --image $seal" \
    2>&1 | grep -v "^ *$" || true
cat cli.md
ls -l out/v.pdf out/p.pdf "$one" | awk '{print "   " $5 " bytes  " $9}'
fi

# 5. The batch's ky_so: a quarter's result letters to every unit (and the thông báo), made by
#    `vanban batch` unsigned, then signed with the PKCS#12 file, then with the token, each into a
#    fresh folder. CPU of the run and its wkhtmltopdf workers (/usr/bin/time, children waited
#    for): the difference over the unsigned run per signed document is what ky_so costs.
python3 - "$root" <<'PY'
import json, os, sys
root = sys.argv[1]
job = json.load(open(f"{root}/samples/jobs/dong-nai-2024.json", encoding="utf-8"))
job.pop("$schema", None)
base = f"{root}/samples/jobs"
job["org"] = os.path.normpath(os.path.join(base, job["org"]))
job["targets"] = [os.path.normpath(os.path.join(base, p)) for p in job["targets"]]
job["data"] = [os.path.normpath(os.path.join(base, p)) for p in job["data"]]
job["periods"] = job["periods"][:1]
job["result_letters"]["periods"] = ["2024-Q1"]
units = int(os.environ.get("UNITS", "0"))  # the first UNITS units of org.json; 0: all
if units:
    org = json.load(open(job["org"], encoding="utf-8"))
    job["result_letters"]["units"] = [u["id"] for u in org["units"][:units]]
job["notice"]["periods"] = ["2024-Q1"]
job.update(scorecards=False, rankings=False, register=False, leader_scorecards=False)
seal = f"{root}/samples/letters/images/con-dau.png"
json.dump(job, open("plain.json", "w"), ensure_ascii=False)
json.dump(dict(job, ky_so={"key": os.path.abspath("agency.p12"), "secret_env": "BENCH_PW",
                           "seal": seal}), open("p12.json", "w"), ensure_ascii=False)
json.dump(dict(job, ky_so={"key": "pkcs11:token=bench;object=agency", "secret_env": "BENCH_PIN",
                           "seal": seal}), open("p11.json", "w"), ensure_ascii=False)
PY
echo "== 5. vanban batch, one quarter's letters: unsigned, ky_so PKCS#12, ky_so SoftHSM2 (${RUNS:-2} runs)"
for i in $(seq "${RUNS:-2}"); do
    for j in plain p12 p11; do
        rm -rf "b-$j"
        BENCH_PW=$pw BENCH_PIN=$pin /usr/bin/time -f "   $j: %e s wall, %U s user + %S s system (with workers)" \
            "$vanban" batch $j.json -o "b-$j" --jobs 2 >"b-$j.log" 2>"b-$j.err" || cat "b-$j.err"
        tail -1 "b-$j.err"
        grep -E "Ký số|Thời gian" "b-$j.log" | sed 's/^/   /'
    done
done
echo "== load after: $(uptime)"
