#!/usr/bin/env node
// Load clients for bench/KernelAgent.Bench, on @grpc/grpc-js (an independent client, as agents' fleet tooling might use).
//   load.js rps ADDRESS METHOD CALLERS SECONDS REQUEST_JSON
//     METHOD health (grpc.health.v1 Check) or resolve: CALLERS loops on one channel for SECONDS after a 1 s warm-up.
//     Prints {"calls","errors","seconds","p50","p99"} (milliseconds).
//   load.js herd ADDRESS CONNECTIONS CALLERS REQUEST_JSON [PROCESSES]
//     CALLERS Build calls at once, spread over CONNECTIONS channels; each followed to its end. With PROCESSES > 1 the
//     callers and channels are split over that many child processes (one node process is single-threaded: at 10,000
//     callers its own CPU becomes the wait), each with at least one channel; all connect, then all call at once.
//     Prints {"calls","errors","waits":[ms from the call to its end...],"firsts":[ms to the first event...],"buildSeconds",
//     "clientCpuSeconds" (all client processes),"connections","processes"}.
'use strict';
const path = require('path');
const { fork } = require('child_process');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const options = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };
const farmProto = grpc.loadPackageDefinition(protoLoader.loadSync('kernelagent/v1/buildfarm.proto',
  { ...options, includeDirs: [path.join(__dirname, '..', '..', 'proto')] })).kernelagent.v1;
const healthProto = grpc.loadPackageDefinition(protoLoader.loadSync(path.join(__dirname, 'health.proto'), options)).grpc.health.v1;

// Each channel its own connection: grpc-js shares subchannels between clients of equal options unless told apart.
function channel(address, index, Client) {
  return new Client(address, grpc.credentials.createInsecure(), {
    'grpc.use_local_subchannel_pool': 1, 'grpc.bench_channel': index,
    'grpc.max_receive_message_length': 16 * 1024 * 1024,
  });
}

function percentile(sorted, p) {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

async function rps(address, method, callers, seconds, request) {
  const farm = channel(address, 0, farmProto.BuildFarm);
  const health = new healthProto.Health(address, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 });
  const call = method === 'health'
    ? (done) => health.Check({ service: '' }, done)
    : (done) => farm.Resolve(request, (err, response) => done(err || (response.found ? null : new Error('not found')), response));
  const run = (ms, latencies) => new Promise((resolve) => {
    const end = Date.now() + ms;
    let errors = 0;
    let live = callers;
    const loop = () => {
      if (Date.now() >= end) {
        if (--live === 0) { resolve(errors); }
        return;
      }
      const started = process.hrtime.bigint();
      call((err) => {
        if (err) { errors++; } else if (latencies) { latencies.push(Number(process.hrtime.bigint() - started) / 1e6); }
        setImmediate(loop);
      });
    };
    for (let i = 0; i < callers; i++) { loop(); }
  });
  await run(1000, null);
  const latencies = [];
  const started = process.hrtime.bigint();
  const errors = await run(seconds * 1000, latencies);
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  farm.close();
  health.close();
  return { calls: latencies.length, errors, seconds: elapsed, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

// Connect every channel first: the measure is the farm's answer to a herd, not TCP set-up.
async function connect(address, connections, first) {
  const clients = Array.from({ length: connections }, (_, i) => channel(address, first + i, farmProto.BuildFarm));
  await Promise.all(clients.map((c) => new Promise((resolve, reject) =>
    c.waitForReady(Date.now() + 30000, (err) => (err ? reject(err) : resolve())))));
  return clients;
}

async function herd(address, connections, callers, request, processes) {
  if (processes > 1) {
    return herdOverProcesses(address, connections, callers, request, processes);
  }

  return herdOn(await connect(address, connections, 0), callers, request);
}

// Children connect and report ready; once all are, each gets "go" and calls at once; the parent merges what they saw.
async function herdOverProcesses(address, connections, callers, request, processes) {
  const share = (total, i) => Math.floor(total / processes) + (i < total % processes ? 1 : 0);
  const children = Array.from({ length: processes }, (_, i) => fork(__filename, ['herd-worker', address,
    String(Math.max(1, share(connections, i))), String(share(callers, i)), JSON.stringify(request), String(i * connections)]));
  const messages = (kind) => Promise.all(children.map((child) => new Promise((resolve, reject) => {
    const listener = (message) => { if (message.kind === kind) { child.off('message', listener); resolve(message); } };
    child.on('message', listener);
    child.once('exit', (code) => reject(new Error(`herd worker exited with ${code} before "${kind}"`)));
  })));
  await messages('ready');
  const results = messages('result');
  children.forEach((child) => child.send({ kind: 'go' }));
  const parts = (await results).map((m) => m.result);
  children.forEach((child) => child.disconnect());
  const merged = (key) => parts.flatMap((p) => p[key]).sort((a, b) => a - b);
  const own = process.cpuUsage();
  return {
    calls: parts.reduce((n, p) => n + p.calls, 0),
    errors: parts.reduce((n, p) => n + p.errors, 0),
    firstError: parts.map((p) => p.firstError).find((e) => e !== null) ?? null,
    waits: merged('waits'),
    firsts: merged('firsts'),
    buildSeconds: parts.map((p) => p.buildSeconds).find((b) => b !== null) ?? null,
    clientCpuSeconds: parts.reduce((n, p) => n + p.clientCpuSeconds, (own.user + own.system) / 1e6),
    connections: parts.reduce((n, p) => n + p.connections, 0),
    processes,
  };
}

async function herdWorker(address, connections, callers, request, first) {
  const clients = await connect(address, connections, first);
  await new Promise((resolve) => {
    process.on('message', (message) => { if (message.kind === 'go') { resolve(); } });
    process.send({ kind: 'ready' });
  });
  process.send({ kind: 'result', result: await herdOn(clients, callers, request) });
}

async function herdOn(clients, callers, request) {
  const connections = clients.length;
  if (callers === 0) {
    clients.forEach((c) => c.close());
    return { calls: 0, errors: 0, firstError: null, waits: [], firsts: [], buildSeconds: null, clientCpuSeconds: 0, connections, processes: 1 };
  }

  let buildSeconds = null;
  const outcomes = await new Promise((resolve) => {
    const results = [];
    for (let i = 0; i < callers; i++) {
      const started = process.hrtime.bigint();
      let first = null;
      const call = clients[i % connections].Build(request, { deadline: Date.now() + 20 * 60 * 1000 });
      call.on('data', (event) => {
        if (first === null) { first = Number(process.hrtime.bigint() - started) / 1e6; }
        if (event.succeeded && event.succeeded.duration) {
          buildSeconds = Number(event.succeeded.duration.seconds) + event.succeeded.duration.nanos / 1e9;
        }
      });
      const done = (err) => {
        results.push({ error: err ? `${err.code} ${err.details}` : null, wait: Number(process.hrtime.bigint() - started) / 1e6, first });
        if (results.length === callers) { resolve(results); }
      };
      call.on('error', done);
      call.on('end', () => done(null));
    }
  });
  clients.forEach((c) => c.close());
  const ok = outcomes.filter((o) => o.error === null);
  const errors = outcomes.filter((o) => o.error !== null);
  return {
    calls: outcomes.length,
    errors: errors.length,
    firstError: errors.length > 0 ? errors[0].error : null,
    waits: ok.map((o) => o.wait).sort((a, b) => a - b),
    firsts: ok.map((o) => o.first ?? o.wait).sort((a, b) => a - b),
    buildSeconds,
    clientCpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    connections,
    processes: 1,
  };
}

async function main() {
  const [mode, address, ...rest] = process.argv.slice(2);
  if (mode === 'rps') {
    const [method, callers, seconds, requestJson] = rest;
    console.log(JSON.stringify(await rps(address, method, Number(callers), Number(seconds), JSON.parse(requestJson))));
  } else if (mode === 'herd') {
    const [connections, callers, requestJson, processes] = rest;
    console.log(JSON.stringify(await herd(address, Number(connections), Number(callers), JSON.parse(requestJson), Number(processes ?? 1))));
  } else if (mode === 'herd-worker') {
    const [connections, callers, requestJson, first] = rest;
    await herdWorker(address, Number(connections), Number(callers), JSON.parse(requestJson), Number(first));
  } else {
    console.error('usage: load.js rps ADDRESS health|resolve CALLERS SECONDS REQUEST_JSON | load.js herd ADDRESS CONNECTIONS CALLERS REQUEST_JSON [PROCESSES]');
    process.exit(2);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
