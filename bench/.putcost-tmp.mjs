import { randomBytes } from 'node:crypto';
const dist = '/work/wt/h34/packages/server/dist';
const { startS3 } = await import(dist + '/testing/s3-server.js');
const { S3ObjectStore } = await import(dist + '/storage/object/s3-object-store.js');
const { cpuSeconds } = await import('/work/wt/h34/bench/proc.js');
const s3 = await startS3();
try {
  await s3.createBucket('bench-b');
  const store = new S3ObjectStore(s3.settings('bench-b'));
  await store.put('warm', randomBytes(1000));
  const names = ['mon', 'osd', 'rgw'];
  const daemons = () => s3.pids.map(cpuSeconds);
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
  let n = 0;
  for (let rep = 0; rep < 2; rep++) for (const [count, size] of [[200, 1000], [100, 430_000], [20, 2_150_000]]) {
    const bodies = Array.from({ length: count }, () => randomBytes(size));
    const d0 = daemons(); const c = cpu(); const t = process.hrtime.bigint();
    for (const b of bodies) await store.put(`k/${n++}`, b);
    const d = daemons().map((x, i) => x - d0[i]);
    const total = d.reduce((a, b) => a + b, 0);
    console.log(`PUT ${count} x ${size}: ${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(2)} s wall, client ${(cpu() - c).toFixed(2)} s CPU; Ceph ${total.toFixed(2)} s (${names.map((nm, i) => `${nm} ${d[i].toFixed(2)}`).join(', ')}) = ${(1000 * total / count).toFixed(2)} ms/PUT, ${(total / (count * size / 1e6)).toFixed(3)} s/MB`);
  }
  store.close();
} finally { await s3.stop(); }
