/** The error thrown for malformed safetensors input or invalid tensors to encode. */

/** A safetensors encode/decode failure; `source` names the file (or buffer) involved. */
export class SafetensorsError extends Error {
  readonly source: string;

  constructor(source: string, detail: string) {
    super(`${source}: ${detail}`);
    this.name = 'SafetensorsError';
    this.source = source;
  }
}
