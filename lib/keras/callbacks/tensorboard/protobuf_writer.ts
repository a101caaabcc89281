/**
 * A minimal protocol-buffers encoder (wire types 0, 1, 2, 5) — enough for TensorFlow's Event,
 * Summary, HistogramProto and GraphDef messages without a code generator or a runtime dependency.
 */
export class ProtoWriter {
  private chunks: number[] = [];

  private varint(value: number): void {
    // Non-negative integers up to 2^53; a JS number holds every step count TensorBoard will see.
    let v = value;
    while (v >= 0x80) {
      this.chunks.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.chunks.push(v);
  }

  private key(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  uint64(field: number, value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`protobuf field ${field}: ${value} is not a non-negative safe integer`);
    this.key(field, 0);
    this.varint(value);
    return this;
  }

  double(field: number, value: number): this {
    this.key(field, 1);
    const b = new DataView(new ArrayBuffer(8));
    b.setFloat64(0, value, true);
    for (let i = 0; i < 8; i++) this.chunks.push(b.getUint8(i));
    return this;
  }

  float(field: number, value: number): this {
    this.key(field, 5);
    const b = new DataView(new ArrayBuffer(4));
    b.setFloat32(0, value, true);
    for (let i = 0; i < 4; i++) this.chunks.push(b.getUint8(i));
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.key(field, 2);
    this.varint(value.length);
    for (let i = 0; i < value.length; i++) this.chunks.push(value[i]);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  packedDoubles(field: number, values: ArrayLike<number>): this {
    const b = new DataView(new ArrayBuffer(8 * values.length));
    for (let i = 0; i < values.length; i++) b.setFloat64(8 * i, values[i], true);
    return this.bytes(field, new Uint8Array(b.buffer));
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}
