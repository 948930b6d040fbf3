// A Node.js client of cvae.v1.CvaeService with @grpc/grpc-js; @grpc/proto-loader reads proto/ at run time, so
// there are no stubs to generate.
//
// It lists the served models, writes a grid of generated images of one label to a PNG file, and runs one
// bidirectional Stream: a generate and a request with a label the model does not have, then, once both are
// answered on the still open stream, an encode of the generated image and an interpolation. It checks that
// every request id gets exactly one answer and that only the bad request fails (INVALID_ARGUMENT), and exits
// non-zero otherwise.
//
// npm ci, then: node cvae_example.js --target HOST:PORT [--model M] [--label L] [--count N] [--out grid.png]
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const zlib = require('node:zlib');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const PROTO_ROOT = path.join(__dirname, '..', '..', 'proto', 'src', 'main', 'proto');
const RAW = 'IMAGE_FORMAT_RAW_FLOAT32';
const BAD_LABEL = 'no-such-label';

async function main() {
  const args = options();
  const definition = protoLoader.loadSync('cvae/v1/cvae.proto', {
    includeDirs: [PROTO_ROOT], longs: String, enums: String, defaults: true, oneofs: true,
  });
  const { CvaeService } = grpc.loadPackageDefinition(definition).cvae.v1;
  const client = new CvaeService(args.target, grpc.credentials.createInsecure());
  const deadline = () => Date.now() + args.timeout * 1000;
  try {
    await listModels(client, deadline);
    await writeGrid(client, args, deadline);
    const problems = await runStream(client, args, deadline);
    problems.forEach((p) => console.error(`error: ${p}`));
    return problems.length === 0 ? 0 : 1;
  } catch (e) {
    console.error(`error: ${e.code !== undefined ? grpc.status[e.code] + ': ' + e.details : e.message}`);
    return 1;
  } finally {
    client.close();
  }
}

function options() {
  const { values } = parseArgs({
    options: {
      target: { type: 'string', default: 'localhost:50051' },
      model: { type: 'string', default: '' },
      label: { type: 'string', default: '3' },
      count: { type: 'string', default: '16' },
      out: { type: 'string', default: 'grid.png' },
      timeout: { type: 'string', default: '60' },
    },
  });
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 1) throw new Error(`--count must be a whole number of at least 1, got ${values.count}`);
  const timeout = Number(values.timeout);
  if (!(timeout > 0)) throw new Error(`--timeout must be a positive number of seconds, got ${values.timeout}`);
  return { ...values, count, timeout };
}

function unary(client, method, request, deadline) {
  return new Promise((resolve, reject) => {
    client[method](request, { deadline: deadline() }, (error, response) => (error ? reject(error) : resolve(response)));
  });
}

async function listModels(client, deadline) {
  const response = await unary(client, 'ListModels', {}, deadline);
  console.log('models:');
  for (const m of response.models) {
    const isDefault = m.name === response.defaultModel ? ' (default)' : '';
    console.log(`  ${m.name} version ${m.version} labels ${m.labelNames.join(',')}${isDefault}`);
  }
}

async function writeGrid(client, args, deadline) {
  const response = await unary(client, 'Generate', {
    model: args.model, condition: { labelName: args.label }, count: args.count, seed: 1, format: RAW,
  }, deadline);
  const images = response.images.map((g) => g.image);
  const { width, height } = writePngGrid(args.out, images);
  console.log(`grid: ${images.length} images of label ${args.label} from ${response.model} version `
    + `${response.modelVersion} seed ${response.seed} -> ${args.out} (${width}x${height})`);
}

/** One Stream call; resolves to a list of what went wrong (empty when all is well). */
function runStream(client, args, deadline) {
  const { model, label } = args;
  const condition = (name) => ({ labelName: name });
  const call = client.Stream({ deadline: deadline() });
  const send = (request) => {
    console.log(`send ${request.id}: ${Object.keys(request).find((k) => k !== 'id')}`);
    call.write(request);
  };
  const expected = new Set(['generate-1', 'bad-label']);
  const answers = new Map();
  const problems = [];

  return new Promise((resolve, reject) => {
    call.on('data', (response) => {
      if (answers.has(response.id)) problems.push(`id ${response.id} answered more than once`);
      answers.set(response.id, response);
      console.log(`answer ${response.id}: ${describe(response)}`);
      if (response.id === 'generate-1' && response.result === 'generate') {
        // Second round, on the same open stream: encode the image just generated, and interpolate.
        const generated = response.generate.images[0].image;
        send({ id: 'encode-1', encode: { model, image: generated, condition: condition(label) } });
        send({
          id: 'interpolate-1',
          interpolate: {
            model, start: { condition: condition(label), seed: 1 }, end: { condition: condition(label), seed: 2 },
            steps: 5, format: RAW,
          },
        });
        expected.add('encode-1').add('interpolate-1');
      }
      if ([...expected].every((id) => answers.has(id))) call.end(); // half-close: the server then completes
    });
    call.on('error', reject);
    call.on('end', () => {
      console.log(`stream: ${expected.size} requests, ${answers.size} answers, closed`);
      for (const id of expected) if (!answers.has(id)) problems.push(`id ${id} got no answer`);
      for (const [id, response] of answers) {
        const failed = response.result === 'error';
        if (!expected.has(id)) problems.push(`answer for unknown id '${id}'`);
        if (id === 'bad-label' && !(failed && response.error.code === grpc.status.INVALID_ARGUMENT)) {
          problems.push(`id bad-label should fail with INVALID_ARGUMENT, got ${describe(response)}`);
        }
        if (id !== 'bad-label' && failed) problems.push(`id ${id} failed: ${describe(response)}`);
      }
      resolve(problems);
    });

    // First round: one good request and one that must fail without closing the stream.
    send({ id: 'generate-1', generate: { model, condition: condition(label), count: 1, seed: 7, format: RAW } });
    send({ id: 'bad-label', generate: { model, condition: condition(BAD_LABEL), count: 1 } });
  });
}

function describe(response) {
  switch (response.result) {
    case 'generate': return `generate, ${response.generate.images.length} image(s), seed ${response.generate.seed}`;
    case 'encode': return `encode, mu of ${response.encode.mu.length} dimensions`;
    case 'interpolate': return `interpolate, ${response.interpolate.frames.length} frames`;
    case 'error': return `error ${response.error.status} (${response.error.code}): ${response.error.message}`;
    default: return 'empty response';
  }
}

/** Lays RAW_FLOAT32 images out in a near-square grid and writes it as one 8-bit PNG; returns its size. */
function writePngGrid(file, images) {
  const { channels, height: h, width: w } = images[0].shape;
  if (channels !== 1 && channels !== 3) throw new Error(`image channels: expected 1 or 3, got ${channels}`);
  const columns = Math.ceil(Math.sqrt(images.length));
  const rows = Math.ceil(images.length / columns);
  const width = columns * w;
  const height = rows * h;
  const stride = 1 + width * channels; // each scanline starts with filter type 0
  const scanlines = Buffer.alloc(height * stride);
  images.forEach((image, n) => {
    const top = Math.floor(n / columns) * h;
    const left = (n % columns) * w;
    for (let c = 0; c < channels; c++) {
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const v = image.data.readFloatLE(4 * ((c * h + y) * w + x)); // channel-major [C, H, W]
          scanlines[(top + y) * stride + 1 + (left + x) * channels + c] = Math.round(Math.min(Math.max(v, 0), 1) * 255);
        }
      }
    }
  });
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, channels === 1 ? 0 : 2, 0, 0, 0], 8); // bit depth, colour type (grey or RGB), defaults
  fs.writeFileSync(file, Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header), pngChunk('IDAT', zlib.deflateSync(scanlines)), pngChunk('IEND', Buffer.alloc(0)),
  ]));
  return { width, height };
}

function pngChunk(kind, data) {
  const body = Buffer.concat([Buffer.from(kind, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

// zlib.crc32 arrives only in Node 22.2; PNG's CRC-32 is a few lines.
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

main().then((code) => { process.exitCode = code; }, (e) => { console.error(`error: ${e.message}`); process.exitCode = 1; });
