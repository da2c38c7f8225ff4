#!/usr/bin/env bash
# Validates docker/docker-compose.yml and docker-compose.production.yml with `docker-compose config` (no Docker engine needed).
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v docker-compose >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing docker-compose (Debian package) to validate the compose file"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
  else
    echo "docker-compose is not installed and cannot be installed here (needs root and apt-get)" >&2
    exit 1
  fi
fi
# The compose file requires secrets and identity-provider settings; any values will do to check its shape.
export LINKAGE_SECRET="${LINKAGE_SECRET:-validation-only-not-a-real-secret-000000}"
export REGISTRY_KEY_TRAINING="${REGISTRY_KEY_TRAINING:-validation-only-registry-key-training-0}"
export REGISTRY_KEY_PLACEMENT="${REGISTRY_KEY_PLACEMENT:-validation-only-registry-key-placement}"
export REGISTRY_KEY_COACHING="${REGISTRY_KEY_COACHING:-validation-only-registry-key-coaching-0}"
export AUTH_ISSUER="${AUTH_ISSUER:-https://idp.example.org/}"
export AUTH_AUDIENCE="${AUTH_AUDIENCE:-coalition-graph}"
export AUTH_JWKS_URL="${AUTH_JWKS_URL:-https://idp.example.org/.well-known/jwks.json}"
export POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-validation-only}"
export TEMPLATE_REGISTRY_KEY="${TEMPLATE_REGISTRY_KEY:-validation-only-registry-key-template}"
for file in docker-compose.yml docker-compose.production.yml; do
  docker-compose -f "$file" config --quiet
  echo "docker/$file is valid"
done
