#!/usr/bin/env bash
# A throw-away S3 server for the tests: Ceph's radosgw on a one-monitor, one-OSD cluster, on 127.0.0.1 only,
# OSD data in memory (memstore), cephx off. Ready in a few seconds.
# Needs Debian's ceph-mon ceph-osd ceph-common radosgw (.ci/run installs them).
# Usage: s3-start.sh DIR S3_PORT MON_PORT   (the OSD binds ports MON_PORT+1 .. MON_PORT+60)
# Prints and writes DIR/env: PIDS, S3_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY. Stop: s3-stop.sh DIR.
# Caveats: clients need path-style requests, and with the AWS SDK v3 requestChecksumCalculation
# 'WHEN_REQUIRED' (radosgw 16 answers the SDK's default trailing checksums with 411).
set -euo pipefail
DIR=$(realpath -m "$1")
S3_PORT=$2
MON_PORT=$3
ACCESS_KEY=logiaccess
SECRET_KEY=logisecret
[ -e "$DIR" ] && { echo "s3-start: $DIR exists" >&2; exit 1; }
mkdir -p "$DIR"/{mon,osd/osd.0,run,log,rgw}
FSID=$(cat /proc/sys/kernel/random/uuid)
OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
CONF="$DIR/ceph.conf"
cat > "$CONF" <<CONF
[global]
fsid = $FSID
mon_host = v1:127.0.0.1:$MON_PORT
public_addr = 127.0.0.1
cluster_addr = 127.0.0.1
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
keyring = /dev/null
ms_bind_msgr2 = false
ms_bind_port_min = $((MON_PORT + 1))
ms_bind_port_max = $((MON_PORT + 60))
run_dir = $DIR/run
admin_socket = $DIR/run/\$name.asok
pid_file = $DIR/run/\$name.pid
log_file = $DIR/log/\$name.log
crash_dir = $DIR/run
mon_data = $DIR/mon/\$name
osd_data = $DIR/osd/\$name
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
osd_crush_chooseleaf_type = 0
mon_allow_pool_size_one = true
mon_allow_pool_delete = true
mon_warn_on_pool_no_redundancy = false
mon_data_avail_warn = 2
mon_data_avail_crit = 1
# a single monitor: commit map changes at once instead of batching them for a second
paxos_propose_interval = 0.01
paxos_min_wait = 0.001
[mon]
mon_cluster_log_file = $DIR/log/cluster.log
[osd]
osd_objectstore = memstore
memstore_device_bytes = 2147483648
osd_memory_target = 939524096
osd_op_num_shards = 1
osd_op_num_threads_per_shard = 2
# the OSD joins the CRUSH map from this script: doing it itself at start races with the monitor
osd_class_update_on_start = false
osd_crush_update_on_start = false
[client.rgw.a]
rgw_frontends = beast endpoint=127.0.0.1:$S3_PORT tcp_nodelay=1
rgw_data = $DIR/rgw
rgw_thread_pool_size = 64
CONF
C=(-c "$CONF")
fail() {
  for f in "$DIR"/run/*.pid; do [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null; done
  echo "s3-start: failed at line $1; the logs end with:" >&2
  tail -n 5 "$DIR"/log/* >&2 2>/dev/null || true
}
trap 'fail $LINENO' ERR
monmaptool --create --clobber --fsid "$FSID" --addv a "[v1:127.0.0.1:$MON_PORT]" "$DIR/monmap" >/dev/null
ceph-mon "${C[@]}" -i a --mkfs --monmap "$DIR/monmap" >"$DIR/log/mon-mkfs.out" 2>&1
ceph-mon "${C[@]}" -i a
timeout 30 ceph "${C[@]}" osd create "$OSD_UUID" >/dev/null
timeout 30 ceph "${C[@]}" osd crush add osd.0 1.0 root=default >/dev/null 2>&1
ceph-osd "${C[@]}" -i 0 --mkfs --osd-uuid "$OSD_UUID" >"$DIR/log/osd-mkfs.out" 2>&1
ceph-osd "${C[@]}" -i 0 2>>"$DIR/log/osd.stderr"
for _ in $(seq 1 300); do
  timeout 10 ceph "${C[@]}" osd stat -f json 2>/dev/null | grep -q '"num_up_osds":1' && break
  sleep 0.2
done
timeout 10 ceph "${C[@]}" osd stat -f json | grep -q '"num_up_osds":1'
# radosgw would make its pools on first use, costing the first requests seconds each
for pool in .rgw.root default.rgw.log default.rgw.control default.rgw.meta default.rgw.buckets.index default.rgw.buckets.data default.rgw.buckets.non-ec; do
  timeout 30 ceph "${C[@]}" osd pool create "$pool" 8 8 >/dev/null 2>&1
done
radosgw "${C[@]}" -n client.rgw.a
for _ in $(seq 1 600); do
  curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/" && break
  sleep 0.1
done
curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/"
radosgw-admin "${C[@]}" user create --uid=logi --display-name=logi --access-key="$ACCESS_KEY" --secret="$SECRET_KEY" >"$DIR/log/user.json"
cat > "$DIR/env" <<ENV
PIDS="$(cat "$DIR/run/mon.a.pid") $(cat "$DIR/run/osd.0.pid") $(cat "$DIR/run/client.rgw.a.pid")"
S3_ENDPOINT=http://127.0.0.1:$S3_PORT
AWS_ACCESS_KEY_ID=$ACCESS_KEY
AWS_SECRET_ACCESS_KEY=$SECRET_KEY
ENV
cat "$DIR/env"
