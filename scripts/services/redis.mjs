#!/usr/bin/env node
// A real Redis for tests and benchmarks, in a folder of its own on 127.0.0.1 and a free port.
//   node scripts/services/redis.mjs start DIR   starts redis-server (no persistence), writes
//                                               DIR/redis.env (REDIS_URL=...) and prints it
//   node scripts/services/redis.mjs stop DIR    stops it by its pid file in DIR
// Needs Debian's redis-server (apt-get install -y redis-server).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join, resolve } from 'node:path';

const [command, dirArgument] = process.argv.slice(2);
if (!['start', 'stop'].includes(command) || !dirArgument) {
  console.error('usage: redis.mjs start|stop DIR');
  process.exit(2);
}
const dir = resolve(dirArgument);
const pidFile = join(dir, 'redis.pid');

/** A port nothing listens on right now (the OS picks it). */
function freePort() {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

/** Resolves once Redis answers PING on the port (or fails after ~5 s). */
async function waitForPong(port) {
  for (let i = 0; i < 100; i++) {
    const answered = await new Promise((done) => {
      const socket = connect(port, '127.0.0.1');
      socket.on('connect', () => socket.write('PING\r\n'));
      socket.on('data', (data) => {
        socket.destroy();
        done(data.toString().startsWith('+PONG'));
      });
      socket.on('error', () => done(false));
    });
    if (answered) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not answer on 127.0.0.1:${port}`);
}

/** The pid in the pid file, when that process is the redis-server we started (not a reused pid). */
function ourPid() {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('redis-server') ? pid : undefined;
  } catch {
    return undefined;
  }
}

if (command === 'start') {
  if (spawnSync('redis-server', ['--version']).error) {
    console.error('redis-server is not installed (apt-get install -y redis-server)');
    process.exit(1);
  }
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  execFileSync('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'yes', '--pidfile', pidFile, '--logfile', join(dir, 'redis.log')]);
  await waitForPong(port);
  const env = `REDIS_URL=redis://127.0.0.1:${port}\n`;
  writeFileSync(join(dir, 'redis.env'), env);
  process.stdout.write(env);
} else {
  const pid = ourPid();
  if (pid) {
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 100; i++) {
      try {
        process.kill(pid, 0);
        await new Promise((r) => setTimeout(r, 50));
      } catch {
        break;
      }
    }
  }
  rmSync(pidFile, { force: true });
}
