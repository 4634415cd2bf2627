#!/usr/bin/env node
// An independent client of kernelagent.v1.BuildFarm: @grpc/grpc-js + @grpc/proto-loader reading proto/ only.
// usage: farm_client.js ADDRESS resolve|build|list VARIANT_JSON DRIVER_NAME DRIVER_VERSION
// TLS when FARM_CA_FILE is set (the farm's CA, pinned); a client certificate with FARM_CERT_FILE + FARM_KEY_FILE;
// a bearer token with FARM_TOKEN (sent over TLS only).
// Prints one JSON line per response (resolve) or per streamed event (build), then "STATUS <code> <details>".
'use strict';
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const protoRoot = path.join(__dirname, '..', '..', 'proto');
const definition = protoLoader.loadSync('kernelagent/v1/buildfarm.proto', {
  includeDirs: [protoRoot], keepCase: true, longs: String, enums: String, defaults: true, oneofs: true,
});
const { BuildFarm } = grpc.loadPackageDefinition(definition).kernelagent.v1;

const [address, verb, variantJson, driverName, driverVersion] = process.argv.slice(2);
function credentials() {
  const env = process.env;
  if (!env.FARM_CA_FILE) {
    return grpc.credentials.createInsecure();
  }
  const fs = require('fs');
  const tls = grpc.credentials.createSsl(
    fs.readFileSync(env.FARM_CA_FILE),
    env.FARM_KEY_FILE ? fs.readFileSync(env.FARM_KEY_FILE) : null,
    env.FARM_CERT_FILE ? fs.readFileSync(env.FARM_CERT_FILE) : null);
  if (!env.FARM_TOKEN) {
    return tls;
  }
  const bearer = grpc.credentials.createFromMetadataGenerator((_, callback) => {
    const metadata = new grpc.Metadata();
    metadata.add('authorization', `Bearer ${env.FARM_TOKEN}`);
    callback(null, metadata);
  });
  return grpc.credentials.combineChannelCredentials(tls, bearer);
}

const client = new BuildFarm(address, credentials());
const request = { variant: JSON.parse(variantJson), driver: { name: driverName, version: driverVersion }, requested_by: 'node-interop' };
const deadline = new Date(Date.now() + 15 * 60 * 1000);

let finished = false;
function finish(code, details) {
  if (finished) { return; }
  finished = true;
  console.log(`STATUS ${code} ${details || ''}`);
  client.close();
}

if (verb === 'resolve') {
  client.Resolve(request, { deadline }, (err, response) => {
    if (err) { finish(err.code, err.details); return; }
    console.log(JSON.stringify(response));
    finish(0, 'OK');
  });
} else if (verb === 'build') {
  const call = client.Build(request, { deadline });
  call.on('data', (event) => console.log(JSON.stringify(event)));
  call.on('error', (err) => finish(err.code, err.details));
  call.on('end', () => finish(0, 'OK'));
} else if (verb === 'list') {
  client.ListBuilds({}, { deadline }, (err, response) => {
    if (err) { finish(err.code, err.details); return; }
    console.log(JSON.stringify(response));
    finish(0, 'OK');
  });
} else {
  console.error('usage: farm_client.js ADDRESS resolve|build|list VARIANT_JSON DRIVER_NAME DRIVER_VERSION');
  process.exit(2);
}
