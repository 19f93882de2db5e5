// Adds TFLite model metadata (input normalisation) to the models that MediaPipe's legacy solutions
// ship, so MediaPipe Tasks (`@mediapipe/tasks-vision`, which runs in a Web Worker) accepts them.
//
// Why: Tasks preprocesses a float32 image input only when the model says how to normalise it (the
// `TFLITE_METADATA` entry, schema tensorflow_lite_support/metadata/metadata_schema.fbs); the legacy
// models carry that knowledge in their graph files instead. The build writes the same model with
// that entry added; the weights and graph are copied byte for byte.
//
// How: a FlatBuffer can only point forwards, so the new root table (the old fields plus one more
// buffer and one more metadata entry) goes in front and the old file follows verbatim, shifted by a
// multiple of 64 bytes so every old buffer keeps its alignment. The old root is left unreferenced.
import { Builder } from 'flatbuffers';

export interface ImageModelMetadata {
  name: string;
  /** Per-channel normalisation (x - mean) / std of the RGB input: [0,1] is mean 0, std 255. */
  mean: number[];
  std: number[];
  inputName?: string;
  outputNames: string[];
}

export const METADATA_NAME = 'TFLITE_METADATA';
const METADATA_IDENTIFIER = 'M001';
const TFLITE_IDENTIFIER = 'TFL3';

// Field slots of the tables we touch (a union takes two slots: its type, then its value).
const MODEL = { version: 0, operatorCodes: 1, subgraphs: 2, description: 3, buffers: 4, metadataBuffer: 5, metadata: 6, signatureDefs: 7 } as const;
const MODEL_FIELDS = 8;
const CONTENT_IMAGE_PROPERTIES = 2;
const PROCESS_UNIT_NORMALIZATION = 1;
const COLOR_SPACE_RGB = 1;

/** The metadata FlatBuffer (ModelMetadata, identifier "M001") for a one-image-input model. */
export function imageMetadataBuffer(m: ImageModelMetadata): Uint8Array {
  if (m.mean.length === 0 || m.mean.length !== m.std.length || m.std.some((s) => !(s > 0))) {
    throw new Error('Normalisation needs as many positive std values as mean values.');
  }
  const b = new Builder(512);
  const floats = (values: number[]): number => {
    b.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i--) b.addFloat32(values[i] ?? 0);
    return b.endVector();
  };
  const tables = (offsets: number[]): number => {
    b.startVector(4, offsets.length, 4);
    for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i] ?? 0);
    return b.endVector();
  };
  const mean = floats(m.mean);
  const std = floats(m.std);
  b.startObject(2); // NormalizationOptions
  b.addFieldOffset(0, mean, 0);
  b.addFieldOffset(1, std, 0);
  const normalization = b.endObject();
  b.startObject(2); // ProcessUnit { options: NormalizationOptions }
  b.addFieldInt8(0, PROCESS_UNIT_NORMALIZATION, 0);
  b.addFieldOffset(1, normalization, 0);
  const processUnits = tables([b.endObject()]);
  b.startObject(2); // ImageProperties { color_space: RGB }
  b.addFieldInt8(0, COLOR_SPACE_RGB, 0);
  const imageProperties = b.endObject();
  b.startObject(3); // Content { content_properties: ImageProperties }
  b.addFieldInt8(0, CONTENT_IMAGE_PROPERTIES, 0);
  b.addFieldOffset(1, imageProperties, 0);
  const content = b.endObject();
  const inputName = b.createString(m.inputName ?? 'image');
  b.startObject(7); // TensorMetadata { name, content, process_units }
  b.addFieldOffset(0, inputName, 0);
  b.addFieldOffset(3, content, 0);
  b.addFieldOffset(4, processUnits, 0);
  const input = tables([b.endObject()]);
  const outputs = tables(m.outputNames.map((n) => {
    const name = b.createString(n);
    b.startObject(7);
    b.addFieldOffset(0, name, 0);
    return b.endObject();
  }));
  b.startObject(7); // SubGraphMetadata { input_tensor_metadata, output_tensor_metadata }
  b.addFieldOffset(2, input, 0);
  b.addFieldOffset(3, outputs, 0);
  const subgraphs = tables([b.endObject()]);
  const name = b.createString(m.name);
  const parser = b.createString('1.0.0');
  b.startObject(8); // ModelMetadata { name, subgraph_metadata, min_parser_version }
  b.addFieldOffset(0, name, 0);
  b.addFieldOffset(3, subgraphs, 0);
  b.addFieldOffset(7, parser, 0);
  b.finish(b.endObject(), METADATA_IDENTIFIER);
  return b.asUint8Array();
}

/** Read access to one FlatBuffer table: field positions from its vtable. */
class Table {
  private readonly dv: DataView;
  constructor(private readonly buf: Uint8Array, readonly pos: number) {
    this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    if (pos < 0 || pos + 4 > buf.length) throw new Error('Not a FlatBuffer: table out of range.');
  }

  /** Absolute position of field `slot`, or 0 when absent. */
  field(slot: number): number {
    const vt = this.pos - this.dv.getInt32(this.pos, true);
    if (vt < 0 || vt + 4 > this.buf.length) throw new Error('Not a FlatBuffer: vtable out of range.');
    const size = this.dv.getUint16(vt, true);
    if (4 + 2 * slot >= size) return 0;
    const o = this.dv.getUint16(vt + 4 + 2 * slot, true);
    return o ? this.pos + o : 0;
  }

  /** Where the offset stored in field `slot` points, or 0. */
  target(slot: number): number {
    const f = this.field(slot);
    return f ? f + this.dv.getUint32(f, true) : 0;
  }

  uint(slot: number): number {
    const f = this.field(slot);
    return f ? this.dv.getUint32(f, true) : 0;
  }

  /** Positions of the tables a vector-of-tables field points to. */
  tables(slot: number): number[] {
    const v = this.target(slot);
    if (!v) return [];
    const n = this.dv.getUint32(v, true);
    if (v + 4 + 4 * n > this.buf.length) throw new Error('Not a FlatBuffer: vector out of range.');
    return Array.from({ length: n }, (_, i) => {
      const at = v + 4 + 4 * i;
      return at + this.dv.getUint32(at, true);
    });
  }

  string(slot: number): string | null {
    const s = this.target(slot);
    if (!s) return null;
    const n = this.dv.getUint32(s, true);
    return new TextDecoder().decode(this.buf.subarray(s + 4, s + 4 + n));
  }
}

function rootTable(model: Uint8Array): Table {
  if (model.length < 8) throw new Error('Not a TFLite model: too short.');
  const id = new TextDecoder().decode(model.subarray(4, 8));
  if (id !== TFLITE_IDENTIFIER) throw new Error(`Not a TFLite model: identifier "${id}" instead of "${TFLITE_IDENTIFIER}".`);
  return new Table(model, new DataView(model.buffer, model.byteOffset, model.byteLength).getUint32(0, true));
}

/** Names of the model's metadata entries (e.g. "min_runtime_version", "TFLITE_METADATA"). */
export function metadataNames(model: Uint8Array): string[] {
  const root = rootTable(model);
  return root.tables(MODEL.metadata).map((t) => new Table(model, t).string(0) ?? '');
}

/** The bytes of the named metadata entry, or null. */
export function metadataEntry(model: Uint8Array, name: string = METADATA_NAME): Uint8Array | null {
  const root = rootTable(model);
  const buffers = root.tables(MODEL.buffers);
  for (const t of root.tables(MODEL.metadata)) {
    const entry = new Table(model, t);
    if (entry.string(0) !== name) continue;
    const bufferTable = buffers[entry.uint(1)];
    if (bufferTable === undefined) return null;
    const data = new Table(model, bufferTable).target(0);
    if (!data) return null;
    const n = new DataView(model.buffer, model.byteOffset, model.byteLength).getUint32(data, true);
    return model.subarray(data + 4, data + 4 + n);
  }
  return null;
}

/** Normalisation read back from a metadata buffer (tests). */
export function readNormalization(metadata: Uint8Array): { name: string | null; mean: number[]; std: number[] } {
  const dv = new DataView(metadata.buffer, metadata.byteOffset, metadata.byteLength);
  const floats = (t: Table, slot: number): number[] => {
    const v = t.target(slot);
    if (!v) return [];
    return Array.from({ length: dv.getUint32(v, true) }, (_, i) => dv.getFloat32(v + 4 + 4 * i, true));
  };
  const root = new Table(metadata, dv.getUint32(0, true));
  const subgraph = new Table(metadata, root.tables(3)[0] ?? -1);
  const input = new Table(metadata, subgraph.tables(2)[0] ?? -1);
  const unit = new Table(metadata, input.tables(4)[0] ?? -1);
  const options = new Table(metadata, unit.target(1) || -1);
  return { name: root.string(0), mean: floats(options, 0), std: floats(options, 1) };
}

/** Returns `model` with a `TFLITE_METADATA` entry holding `metadata` (refuses a model that has one). */
export function addTfliteMetadata(model: Uint8Array, metadata: Uint8Array): Uint8Array {
  const root = rootTable(model);
  if (metadataNames(model).includes(METADATA_NAME)) throw new Error('The model already has TFLite metadata.');
  const oldBuffers = root.tables(MODEL.buffers);
  for (const b of oldBuffers) {
    // Buffers stored outside the FlatBuffer (offset/size, for >2 GB models) would point at shifted bytes.
    if (new Table(model, b).field(1)) throw new Error('Models with external buffers are not supported.');
  }
  const oldMetadata = root.tables(MODEL.metadata);
  const name = new TextEncoder().encode(METADATA_NAME);

  // The prefix's layout does not depend on its own length P, only the offsets into the old bytes do.
  const layout = (P: number): Uint8Array => {
    const bytes = new Uint8Array(512 + 8 * (oldBuffers.length + oldMetadata.length) + name.length + metadata.length);
    const w = new DataView(bytes.buffer);
    let at = 8;
    const align = (n: number) => { at = Math.ceil(at / n) * n; };
    const ref = (from: number, to: number) => w.setUint32(from, to - from, true);
    bytes.set(new TextEncoder().encode(TFLITE_IDENTIFIER), 4);
    // Root vtable (all eight Model slots), then the root table.
    const vt = at;
    at += 4 + 2 * MODEL_FIELDS;
    align(4);
    const R = at;
    w.setUint32(0, R, true);
    w.setInt32(R, R - vt, true);
    at += 4;
    const slot: Partial<Record<number, number>> = {};
    for (let i = 0; i < MODEL_FIELDS; i++) {
      if (i !== MODEL.version && i !== MODEL.buffers && i !== MODEL.metadata && !root.field(i)) continue;
      slot[i] = at;
      w.setUint16(vt + 4 + 2 * i, at - R, true);
      at += 4;
    }
    w.setUint16(vt, 4 + 2 * MODEL_FIELDS, true);
    w.setUint16(vt + 2, at - R, true);
    w.setUint32(slot[MODEL.version]!, root.uint(MODEL.version), true);
    for (const i of [MODEL.operatorCodes, MODEL.subgraphs, MODEL.description, MODEL.metadataBuffer, MODEL.signatureDefs]) {
      const s = slot[i];
      if (s !== undefined) ref(s, P + root.target(i));
    }
    const vector = (s: number, old: number[]): number => {
      const v = at;
      w.setUint32(v, old.length + 1, true);
      at += 4 + 4 * (old.length + 1);
      ref(s, v);
      old.forEach((t, k) => ref(v + 4 + 4 * k, P + t));
      return v + 4 + 4 * old.length; // the new last element
    };
    const newBufferRef = vector(slot[MODEL.buffers]!, oldBuffers);
    const newMetadataRef = vector(slot[MODEL.metadata]!, oldMetadata);
    // Metadata { name: "TFLITE_METADATA", buffer: <index of the new buffer> }
    const mvt = at;
    [8, 12, 4, 8].forEach((v, k) => w.setUint16(mvt + 2 * k, v, true));
    at += 8;
    const mt = at;
    w.setInt32(mt, mt - mvt, true);
    w.setUint32(mt + 8, oldBuffers.length, true);
    at += 12;
    ref(newMetadataRef, mt);
    // Buffer { data }
    const bvt = at;
    [6, 8, 4].forEach((v, k) => w.setUint16(bvt + 2 * k, v, true));
    at += 8;
    const bt = at;
    w.setInt32(bt, bt - bvt, true);
    at += 8;
    ref(newBufferRef, bt);
    const str = at;
    w.setUint32(str, name.length, true);
    bytes.set(name, str + 4);
    at += 4 + name.length + 1;
    ref(mt + 4, str);
    // Buffer data is 16-byte aligned (schema: force_align 16), after its 4-byte length.
    align(16);
    at += 12;
    w.setUint32(at, metadata.length, true);
    bytes.set(metadata, at + 4);
    ref(bt + 4, at);
    at += 4 + metadata.length;
    align(64);
    return bytes.subarray(0, at);
  };
  const P = layout(0).length;
  const prefix = layout(P);
  const out = new Uint8Array(P + model.length);
  out.set(prefix, 0);
  out.set(model, P);
  return out;
}
