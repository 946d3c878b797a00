#!/bin/bash
# Launches one sharded run on Kubernetes and prints the register books at the end
# (docs/kubernetes.md). The job file, org.json, targets and data must already be on the
# vanban-work volume under input/ (job.json names them relative to itself).
#
#   deploy/launch.sh SHARDS [PARALLELISM]
#
# SHARDS sets both `completions` and VANBAN_SHARD_COUNT (they must be equal: the pods are not told
# the completion count); PARALLELISM defaults to SHARDS.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shards=${1:?Cách dùng: deploy/launch.sh SỐ_PHẦN [SỐ_POD_CÙNG_LÚC]}
parallel=${2:-$shards}
case "$shards$parallel" in *[!0-9]*) echo "SỐ_PHẦN và SỐ_POD phải là số nguyên dương" >&2; exit 2 ;; esac
ns=vanban

kubectl get namespace "$ns" >/dev/null 2>&1 || kubectl create namespace "$ns"
kubectl apply -f "$here/k8s/storage.yaml"
kubectl -n "$ns" get secret vanban-registry >/dev/null ||
    { echo "Thiếu Secret vanban-registry (xem deploy/k8s/secret.example.yaml)" >&2; exit 1; }

# A Job's spec is immutable: a new run replaces the old Job (its pods' outputs stay on the volume).
kubectl -n "$ns" delete job vanban-batch vanban-register-book --ignore-not-found
sed -e "s/^  completions: .*/  completions: $shards/" \
    -e "s/^  parallelism: .*/  parallelism: $parallel/" \
    -e "s/^  backoffLimit: .*/  backoffLimit: $((shards * 3))/" \
    -e "/name: VANBAN_SHARD_COUNT/{n;s/value: .*/value: \"$shards\"/}" \
    "$here/k8s/batch-shards.yaml" | kubectl apply -f -

echo "Đang chạy $shards phần; theo dõi: kubectl -n $ns get pods -l app.kubernetes.io/component=batch-shard"
kubectl -n "$ns" wait --for=condition=complete --timeout=24h job/vanban-batch
kubectl apply -f "$here/k8s/register-book.yaml"
kubectl -n "$ns" wait --for=condition=complete --timeout=2h job/vanban-register-book
echo "Xong: kết quả trong output/shard-*/ và sổ trong output/so-van-ban-di/ của volume vanban-work"
