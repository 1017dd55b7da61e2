import { SIMD_WASM_BASE64 } from './simd-wasm.generated';
import { fromBase64 } from '../../util/base64';

/** The exported functions of simd.ts (pointers are byte offsets into `memory`). */
export interface SimdExports {
  matmul(a: number, b: number, c: number, M: number, K: number, N: number, accumulate: boolean): void;
  matmulBT(a: number, b: number, c: number, M: number, K: number, N: number, accumulate: boolean): void;
  matmulAT(a: number, b: number, c: number, M: number, K: number, N: number): void;
  matvecI8(w: number, scale: number, x: number, out: number, R: number, K: number, accumulate: boolean): void;
  matvecI4(w: number, scale: number, x: number, out: number, R: number, K: number, accumulate: boolean): void;
  lstmCellForward(z: number, cPrev: number, c: number, tanhC: number, h: number, B: number, H: number): void;
  lstmCellBackward(act: number, cPrev: number, tanhC: number, dh: number, dc: number, dz: number, B: number, H: number): void;
  softmaxXent(logits: number, targets: number, N: number, S: number, scale: number): number;
  /** softmax of x(N) into out(N) (may be x); returns log Σ exp(x) */
  softmax(x: number, out: number, N: number): number;
  logSumExp(x: number, N: number): number;
  staticEnd(): number;
  /** the longest input vector of matvecI8 / matvecI4 */
  maxInput(): number;
}

let compiled: WebAssembly.Module | undefined;

/** A region of the WebAssembly memory: byte offset and length in elements. */
export interface Region { ptr: number; length: number }

/**
 * One WebAssembly instance with its own memory and a bump allocator. Views must be taken with
 * f32()/i8()/i32() after allocating, because growing the memory detaches old views.
 */
export class Kernels {
  readonly fn: SimdExports;
  readonly memory: WebAssembly.Memory;
  // The first page holds the kernels' static data (exp/log tables): allocate after it.
  private top = 65536;

  constructor() {
    compiled ??= new WebAssembly.Module(fromBase64(SIMD_WASM_BASE64, 'the kernels'));
    this.memory = new WebAssembly.Memory({ initial: 2 });
    const instance = new WebAssembly.Instance(compiled, {
      env: {
        memory: this.memory,
        abort: () => { throw new Error('WebAssembly kernel aborted'); },
      },
    });
    this.fn = instance.exports as unknown as SimdExports;
    if (this.fn.staticEnd() > this.top) throw new Error(`the kernels' static data and scratch end at ${this.fn.staticEnd()}, past the first page`);
  }

  /** Reserves `count` elements of `bytesPer` bytes (16-byte aligned for SIMD). */
  alloc(count: number, bytesPer = 4): Region {
    const ptr = this.top;
    this.top = ptr + Math.ceil((count * bytesPer) / 16) * 16;
    const need = this.top - this.memory.buffer.byteLength;
    if (need > 0) this.memory.grow(Math.ceil(need / 65536));
    return { ptr, length: count };
  }

  f32(r: Region): Float32Array { return new Float32Array(this.memory.buffer, r.ptr, r.length); }
  i32(r: Region): Int32Array { return new Int32Array(this.memory.buffer, r.ptr, r.length); }
  i8(r: Region): Int8Array { return new Int8Array(this.memory.buffer, r.ptr, r.length); }
  u8(r: Region): Uint8Array { return new Uint8Array(this.memory.buffer, r.ptr, r.length); }

  /** Bytes of linear memory in use. */
  get bytes(): number { return this.memory.buffer.byteLength; }
}
