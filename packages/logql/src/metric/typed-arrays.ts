// Growth of the reusable typed-array buffers: double (at least to `min`), keeping the contents.

function newSize(current: number, min: number): number {
  let size = Math.max(current * 2, 16);
  while (size < min) size *= 2;
  return size;
}

export function grownFloat64(a: Float64Array, min: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(newSize(a.length, min));
  b.set(a);
  return b;
}

/** New slots hold `fill`. */
export function grownInt32(a: Int32Array, min: number, fill = 0): Int32Array<ArrayBuffer> {
  const b = new Int32Array(newSize(a.length, min));
  if (fill !== 0) b.fill(fill, a.length);
  b.set(a);
  return b;
}
