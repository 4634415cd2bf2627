#!/usr/bin/env node
// An independent client of kernelagent.v1.BuildFarm: @grpc/grpc-js + @grpc/proto-loader reading proto/ only.
// usage: farm_client.js ADDRESS resolve|build VARIANT_JSON DRIVER_NAME DRIVER_VERSION
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
const client = new BuildFarm(address, grpc.credentials.createInsecure());
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
} else {
  console.error('usage: farm_client.js ADDRESS resolve|build VARIANT_JSON DRIVER_NAME DRIVER_VERSION');
  process.exit(2);
}
