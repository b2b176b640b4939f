/**
 * No request leaves the machine from a workflow run on the local runner (scripts/ci/run-workflow.ts):
 * loaded into every Node process of a step through NODE_OPTIONS=--import, it refuses TCP connections
 * to anything but loopback (and the hosts in HARNESS_ALLOW_HOSTS), failing them like an unplugged
 * network (ENETUNREACH, so the pipeline's "offline" handling applies) and logging each attempt to
 * HARNESS_NETWORK_LOG, so a test can assert that none was made, or see which one was.
 *
 * Plain JavaScript: npm itself (any Node) loads it too.
 */
import fs from 'node:fs';
import net from 'node:net';

const log = process.env.HARNESS_NETWORK_LOG;
const allowed = new Set((process.env.HARNESS_ALLOW_HOSTS ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean));

function isLoopback(host) {
  const h = String(host).toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::ffff:127.0.0.1';
}

/** The connect options among the many shapes net.Socket#connect accepts. */
function target(args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first && typeof first === 'object') return first.path ? { path: first.path } : { host: first.host ?? 'localhost', port: first.port };
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) return { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: Number(first) };
  return { path: first };
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const t = target(args);
  if (t.path !== undefined || isLoopback(t.host) || allowed.has(String(t.host).toLowerCase())) return connect.apply(this, args);
  const line = `${new Date().toISOString()} pid ${process.pid} ${process.argv.slice(1, 3).join(' ')}: blocked ${t.host}:${t.port}\n`;
  if (log) fs.appendFileSync(log, line);
  const error = Object.assign(new Error(`connect ENETUNREACH ${t.host}:${t.port} (the workflow runner allows no network)`), { code: 'ENETUNREACH', errno: -101, syscall: 'connect', address: t.host, port: t.port });
  process.nextTick(() => this.destroy(error));
  return this;
};
