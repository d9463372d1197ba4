# muying-test-pg.sh: sourced by the shell tests that run against the PostgreSQL test server
# (MUYING_TEST_PG, a superuser's URL; its password file MUYING_TEST_PG_PASSFILE; build-aux/test
# starts one). Without a server the test is skipped here (TAP plan 1..0). Otherwise it gives:
# ok / not_ok NAME, TAP lines counted in n and fails (the plan goes at the end); psql and libpq
# set to that password file and a 10 s connection time-out; url_for DBNAME.

if [[ -z "${MUYING_TEST_PG:-}" ]]; then
  echo "1..0 # SKIP no PostgreSQL server: build-aux/test starts one"
  exit 0
fi

n=0
fails=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }

if [[ -n "${MUYING_TEST_PG_PASSFILE:-}" ]]; then export PGPASSFILE=$MUYING_TEST_PG_PASSFILE; fi
export PGCONNECT_TIMEOUT=10

# The server's URL with the database DBNAME in place of its own (query parameters kept).
url_for () {
  local url=$MUYING_TEST_PG query=""
  if [[ $url == *\?* ]]; then
    query="?${url#*\?}"
    url=${url%%\?*}
  fi
  local rest=${url#*://}
  echo "${url%%://*}://${rest%%/*}/$1$query"
}
