/**
 * Fault injection for the SIGKILL tests: loaded with `node --import` (through NODE_OPTIONS, so every
 * Node process of a run gets it), it kills its own process with SIGKILL at a chosen point, the way a
 * cancelled job or an out-of-memory kill would, with no chance to clean up.
 *
 *   KILL_AT=<op>:<regex>   rename    before fs.promises.rename(…, target) with a matching target (the
 *                                    temp file of an atomic write is then left beside the target)
 *                          append    before opening a matching file for appending
 *                          writeFile before fs.promises.writeFile of a matching file
 *                          spawn     before spawning a matching command line
 *   KILL_MARK=FILE         appends "pid op what" before dying, so a test knows the point was reached
 *
 * Plain JavaScript: it must load in any Node the run starts, before type stripping matters.
 */
import cp from 'node:child_process';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const spec = process.env.KILL_AT ?? '';
const colon = spec.indexOf(':');
if (colon > 0) {
  const op = spec.slice(0, colon);
  const pattern = new RegExp(spec.slice(colon + 1));
  const die = (what) => {
    if (process.env.KILL_MARK) fs.appendFileSync(process.env.KILL_MARK, `${process.pid} ${op} ${what}\n`);
    process.kill(process.pid, 'SIGKILL');
  };
  if (op === 'rename') {
    const rename = fs.promises.rename;
    fs.promises.rename = async (from, to) => {
      if (pattern.test(String(to))) die(String(to));
      return rename(from, to);
    };
  } else if (op === 'append') {
    const open = fs.promises.open;
    fs.promises.open = async (file, flags, ...rest) => {
      if (typeof flags === 'string' && flags.startsWith('a') && pattern.test(String(file))) die(String(file));
      return open(file, flags, ...rest);
    };
  } else if (op === 'writeFile') {
    const writeFile = fs.promises.writeFile;
    fs.promises.writeFile = async (file, ...rest) => {
      if (pattern.test(String(file))) die(String(file));
      return writeFile(file, ...rest);
    };
  } else if (op === 'spawn') {
    const spawn = cp.spawn;
    cp.spawn = (command, args, ...rest) => {
      const line = [command, ...(Array.isArray(args) ? args : [])].join(' ');
      if (pattern.test(line)) die(line);
      return spawn(command, args, ...rest);
    };
  } else {
    throw new Error(`KILL_AT: unknown operation "${op}" (rename, append, writeFile or spawn)`);
  }
  syncBuiltinESMExports();
}
